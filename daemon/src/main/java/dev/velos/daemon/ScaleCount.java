// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/** The count of {@code velos scale}: {@code N}, {@code +N}, {@code -N} (relative to the live instances) or {@code max}. */
final class ScaleCount {
    private static final int MAX = 1024;

    private ScaleCount() {
    }

    static int parse(String text, int live, int cpus) {
        String t = text == null ? "" : text.trim();
        int target;
        try {
            if (t.equalsIgnoreCase("max")) {
                target = cpus;
            } else if (t.startsWith("+") || t.startsWith("-")) {
                target = live + Integer.parseInt(t);
            } else {
                target = Integer.parseInt(t);
            }
        } catch (NumberFormatException e) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid count: '" + t + "' (use N, +N, -N or max)");
        }
        if (target < 0 || target > MAX) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "count " + t + " gives " + target + " instances; use 0-" + MAX);
        }
        return target;
    }
}
