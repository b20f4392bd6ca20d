// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final int BLOCK = 64 * 1024;

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
        LineVisitor bounded = sinceMs <= 0 ? visitor
                : line -> (line.timestampMs() <= 0 || line.timestampMs() >= sinceMs) && visitor.visit(line);
        for (int k = 0; ; k++) {
            Path part = k == 0 ? file : LogFileWriter.rotated(file, k);
            if (k > 0 && !Files.exists(part, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (!backwards(part, bounded)) {
                return;
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

    /** Visits the lines of one file backwards; false when the visitor said stop. */
    private static boolean backwards(Path file, LineVisitor visitor) {
        try (FileChannel ch = LogFile.openToRead(file)) {
            long pos = ch.size();
            byte[] carry = new byte[0];
            boolean last = true;
            ByteBuffer block = ByteBuffer.allocate((int) Math.min(BLOCK, Math.max(1, pos)));
            while (pos > 0) {
                int len = (int) Math.min(block.capacity(), pos);
                pos -= len;
                block.clear().limit(len);
                while (block.hasRemaining()) {
                    if (ch.read(block, pos + block.position()) < 0) {
                        break;
                    }
                }
                byte[] bytes = block.array();
                int end = len;
                for (int i = len - 1; i >= 0; i--) {
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    byte[] line = concat(bytes, i + 1, end, carry);
                    carry = new byte[0];
                    end = i;
                    if (last) {
                        last = false; // text after the final newline: empty, or a line still being written
                        continue;
                    }
                    if (!visitor.visit(parse(line))) {
                        return false;
                    }
                }
                carry = concat(bytes, 0, end, carry);
            }
            return last || carry.length == 0 || visitor.visit(parse(carry));
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static LogFormat.FileLine parse(byte[] raw) {
        return LogFormat.parse(new String(raw, StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] block, int from, int to, byte[] tail) {
        if (tail.length == 0) {
            return Arrays.copyOfRange(block, from, to);
        }
        byte[] out = new byte[to - from + tail.length];
        System.arraycopy(block, from, out, 0, to - from);
        System.arraycopy(tail, 0, out, to - from, tail.length);
        return out;
    }
}
