// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Objects;

import dev.velos.model.LogStream;

/**
 * One captured line before classification: what the log store hands to the engine.
 *
 * @param timestampMs when the daemon received it, epoch milliseconds
 * @param stream      stdout or stderr
 * @param message     the line without its newline (invalid UTF-8 already replaced by U+FFFD)
 */
public record RawLine(long timestampMs, LogStream stream, String message) {
    public RawLine {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(message, "message");
    }
}
