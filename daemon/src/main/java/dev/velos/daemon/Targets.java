// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.List;

import dev.velos.model.AppNames;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessInfo;
import dev.velos.model.VelosException;

/**
 * Resolves what a command acts on: {@code all}, a numeric id, an exact name, or a cluster base
 * name or {@code base:*} (all its {@code base:N} instances). Done by the daemon so every client agrees.
 */
final class Targets {
    private Targets() {
    }

    static List<ProcessInfo> resolve(String target, List<ProcessInfo> all) {
        if (target == null || target.isBlank()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "a process name, id or 'all' is required");
        }
        if (target.equals("all")) {
            return all;
        }
        List<ProcessInfo> exact = all.stream().filter(p -> p.name().equals(target)).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        if (target.chars().allMatch(Character::isDigit) && target.length() < 10) {
            int id = Integer.parseInt(target);
            List<ProcessInfo> byId = all.stream().filter(p -> p.id() == id).toList();
            if (!byId.isEmpty()) {
                return byId;
            }
        }
        // "api" or PM2's "api:*": every instance of the cluster api.
        String base = target.endsWith(":*") ? target.substring(0, target.length() - 2) : target;
        List<ProcessInfo> instances = all.stream()
                .filter(p -> p.spec().isClusterInstance() && AppNames.baseOf(p.name()).equals(base)).toList();
        if (!instances.isEmpty()) {
            return instances;
        }
        throw new VelosException(ErrorCode.NOT_FOUND, "process '" + printable(target)
                + "' not found; run 'velos list' to see the names");
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
