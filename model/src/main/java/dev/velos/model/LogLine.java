// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a child's output, without its newline.
 *
 * @param processId  id of the managed process
 * @param name       name of the managed process
 * @param stream     stdout or stderr
 * @param timestamp  when the supervisor read it
 * @param text       the line; invalid UTF-8 is kept as U+FFFD, never dropped
 * @param continued  true when this line continues the previous one, which hit the line-length cap
 */
public record LogLine(int processId, String name, LogStream stream, Instant timestamp, String text, boolean continued) {
    public LogLine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(text, "text");
    }
}
