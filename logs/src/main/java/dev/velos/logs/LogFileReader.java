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
 */
public final class LogFileReader {
    private static final int BLOCK = 64 * 1024;

    private LogFileReader() {
    }

    /**
     * The newest {@code max} lines of {@code file} and its rotations with a timestamp at or after
     * {@code sinceMs} (0 = no bound), oldest first. A last line still being written (no newline
     * yet) is left out. Missing files read as empty.
     */
    public static List<LogFormat.FileLine> tail(Path file, int max, long sinceMs) {
        Deque<LogFormat.FileLine> lines = new ArrayDeque<>();
        for (int k = 0; lines.size() < max; k++) {
            Path part = k == 0 ? file : LogFileWriter.rotated(file, k);
            if (k > 0 && !Files.exists(part)) {
                break;
            }
            if (!tailOne(part, max, sinceMs, lines)) {
                break;
            }
        }
        return new ArrayList<>(lines);
    }

    /** Prepends lines of one file to {@code lines}; false when an older-than-since line was met (stop). */
    private static boolean tailOne(Path file, int max, long sinceMs, Deque<LogFormat.FileLine> lines) {
        try (FileChannel ch = LogFile.openToRead(file)) {
            long pos = ch.size();
            byte[] carry = new byte[0];
            boolean last = true;
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            while (pos > 0) {
                int len = (int) Math.min(BLOCK, pos);
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
                    if (!add(line, max, sinceMs, lines)) {
                        return false;
                    }
                }
                carry = concat(bytes, 0, end, carry);
            }
            return last || carry.length == 0 || add(carry, max, sinceMs, lines);
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean add(byte[] raw, int max, long sinceMs, Deque<LogFormat.FileLine> lines) {
        if (lines.size() >= max) {
            return false;
        }
        LogFormat.FileLine line = LogFormat.parse(new String(raw, StandardCharsets.UTF_8));
        if (sinceMs > 0 && line.timestampMs() > 0 && line.timestampMs() < sinceMs) {
            return false;
        }
        lines.addFirst(line);
        return lines.size() < max;
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
