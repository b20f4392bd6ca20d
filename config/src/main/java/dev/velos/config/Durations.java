// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.time.Duration;
import java.util.Locale;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * A span of time as users write it in a command-line option or a config value: a whole number of
 * milliseconds ({@code 5000}), or a whole number with a unit: {@code ms}, {@code s}, {@code m},
 * {@code h} ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}). The same grammar as the
 * orchestration keys of issue 19 (ipc's {@code OrchestrationSettings} reads those; it should use
 * this once both live in model). No fractions, no negative values, at most about 24 days (an
 * int of milliseconds, which every consumer can hold).
 */
public final class Durations {
    /** The largest span accepted, in milliseconds. */
    public static final long MAX_MS = Integer.MAX_VALUE;

    private Durations() {
    }

    /** {@code text} in milliseconds; an INVALID_ARGUMENT error that quotes it when it is not a duration. */
    public static long parseMillis(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit;
        String digits;
        if (t.endsWith("ms")) {
            unit = 1;
            digits = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unit = 1000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000;
            digits = t.substring(0, t.length() - 1);
        } else {
            unit = 1;
            digits = t;
        }
        digits = digits.strip();
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text);
        }
        long ms = Long.parseLong(digits) * unit;
        if (ms > MAX_MS) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "duration '" + text + "' is too long (at most "
                    + MAX_MS / 3_600_000 + "h)");
        }
        return ms;
    }

    /** {@link #parseMillis} as a {@link Duration}. */
    public static Duration parse(String text) {
        return Duration.ofMillis(parseMillis(text));
    }

    private static VelosException invalid(String text) {
        return new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid duration '" + text
                + "' (use milliseconds, or a whole number with ms, s, m or h: 500ms, 5s, 2m)");
    }
}
