// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Objects;

import dev.velos.model.Level;
import dev.velos.model.LogStream;

/**
 * A line with its level, the unit every later stage (filter, dedup, patterns, summary) works on.
 *
 * @param timestampMs epoch milliseconds
 * @param stream      stdout or stderr
 * @param level       as decided by {@link Classifier}
 * @param message     the line without its newline
 */
public record ClassifiedLine(long timestampMs, LogStream stream, Level level, String message) {
    public ClassifiedLine {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }
}
