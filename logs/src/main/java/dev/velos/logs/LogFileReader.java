// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads the newest lines of a log file and its rotated predecessors ({@code .1}, {@code .2}, …)
 * backwards, in 64 KiB blocks, so {@code velos logs -l 50} costs the same on a 10 MiB file as on
 * a small one, and {@code -l 50000} or {@code --since 2h} reach into rotated files (and across
 * daemon restarts) without reading more than needed.
 *
 * <p>{@link #newestFirst} is the streaming form (issue 14.8: {@code -l 200000} on 63 MB of logs
 * made the daemon run out of heap when every line was first gathered in a list): lines are handed
 * to a visitor one at a time, newest first, and the reader holds one block plus the line being
 * assembled, however many lines are read. A caller that answers in frames counts bytes as lines
 * come and sends a frame whenever its budget is reached; a summary consumes them as they come
 * ({@link SummaryBuilder}).
 */
public final class LogFileReader {
    /** Receives lines newest first; returns false to stop reading. */
    @FunctionalInterface
    public interface LineVisitor {
        boolean visit(LogFormat.FileLine line);
    }

    private LogFileReader() {
    }

    /**
     * The newest {@code max} lines of {@code file} and its rotations with a timestamp at or after
     * {@code sinceMs} (0 = no bound), oldest first. A last line still being written (no newline
     * yet) is left out. Missing files read as empty. Holds the lines it returns: for large
     * {@code max}, stream with {@link #newestFirst}.
     */
    public static List<LogFormat.FileLine> tail(Path file, int max, long sinceMs) {
        Deque<LogFormat.FileLine> lines = new ArrayDeque<>();
        if (max > 0) {
            newestFirst(file, sinceMs, line -> {
                lines.addFirst(line);
                return lines.size() < max;
            });
        }
        return new ArrayList<>(lines);
    }

    /**
     * Hands the lines of {@code file} and then of its rotations to {@code visitor}, newest first,
     * until the visitor returns false, a line older than {@code sinceMs} (0 = no bound; lines
     * without a timestamp never stop it) is met, or the oldest rotation ends. A last line still
     * being written is left out. Missing files read as empty; a link is refused.
     *
     * @throws java.io.UncheckedIOException when a file cannot be read
     */
    public static void newestFirst(Path file, long sinceMs, LineVisitor visitor) {
        try (NewestFirstLines lines = NewestFirstLines.open(file, sinceMs)) {
            for (var line = lines.next(); line.isPresent(); line = lines.next()) {
                if (!visitor.visit(line.get())) {
                    return;
                }
            }
        }
    }

    /** The timestamp of the newest complete line of {@code file} (0 when there is none): the anchor of a summary. */
    public static long newestTimestamp(Path file) {
        long[] newest = {0};
        newestFirst(file, 0, line -> {
            newest[0] = line.timestampMs();
            return line.timestampMs() <= 0;
        });
        return newest[0];
    }
}
