// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Locale;

/** What a scheduled firing does while the previous run of the job is still going. */
public enum Overlap {
    /** Let the running one finish; this firing does nothing (noted in the job's runs as skipped). */
    SKIP("skip"),
    /** Run once more as soon as the running one ends (at most one run waits). */
    QUEUE("queue"),
    /** Stop the running one (gracefully, as a stop) and start a new run. */
    REPLACE("replace");

    private final String wireName;

    Overlap(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Overlap parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Overlap o : values()) {
            if (o.wireName.equals(t)) {
                return o;
            }
        }
        throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid overlap '" + text + "' (use skip, queue or replace)");
    }
}
