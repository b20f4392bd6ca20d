// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.velos.model.OrchestrationSettings;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * A span of time as users write it in a command-line option or a config value: a whole number of
 * milliseconds ({@code 5000}), or a whole number with a unit: {@code ms}, {@code s}, {@code m},
 * {@code h} ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}). The same grammar as the
 * orchestration keys of issue 19, read by the same parser (ipc's {@code OrchestrationSettings}). No fractions, no negative values, at most about 24 days (an
 * int of milliseconds, which every consumer can hold).
 */
public final class Durations {
    /** The largest span accepted, in milliseconds. */
    public static final long MAX_MS = Integer.MAX_VALUE;

    private Durations() {
    }

    /** {@code text} in milliseconds; an INVALID_ARGUMENT error that quotes it when it is not a duration. */
    public static long parseMillis(String text) {
        // The grammar has one owner, ipc's OrchestrationSettings (it reads start_delay, probe periods...):
        // a duration is read as the start_delay it would be. It belongs in model, beside ByteSize.
        List<String> problems = new ArrayList<>();
        Map<String, Object> one = Map.of("start_delay", text.strip().matches("\\d+") ? (Object) Long.parseLong(
                text.strip().length() > 12 ? "999999999999" : text.strip()) : text);
        var parsed = OrchestrationSettings.parse(one, signal -> 0, (path, message) -> problems.add(message));
        if (!problems.isEmpty()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid duration '" + text
                    + "' (use milliseconds, or a whole number with ms, s, m or h: 500ms, 5s, 2m; at most "
                    + MAX_MS / 3_600_000 + "h)");
        }
        return parsed.orchestration().startDelay().toMillis();
    }

    /** {@link #parseMillis} as a {@link Duration}. */
    public static Duration parse(String text) {
        return Duration.ofMillis(parseMillis(text));
    }

}
