// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.AppNames;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessInfo;
import dev.velos.model.VelosException;

/**
 * Refuses a name whose log files another app already writes: an app named {@code web-0} and
 * instance {@code web:0} of a cluster {@code web} both write {@code web-0-out.log}
 * ({@link AppNames#fileStem}), so their lines would mix and one's {@code flush} would empty the
 * other's file. Checked when names are added (start, scale); the first one keeps its name.
 */
final class LogNameClash {
    private LogNameClash() {
    }

    /** Throws INVALID_ARGUMENT if any of {@code added} shares a file stem with another added name or an existing entry. */
    static void check(List<String> added, List<ProcessInfo> existing) {
        Map<String, String> byStem = new HashMap<>();
        existing.forEach(p -> byStem.put(AppNames.fileStem(p.name()), p.name()));
        for (String name : added) {
            String other = byStem.putIfAbsent(AppNames.fileStem(name), name);
            if (other != null && !other.equals(name)) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "'" + name + "' and '" + other
                        + "' would write the same log files (" + AppNames.fileStem(name) + "-out.log); choose another name");
            }
        }
    }
}
