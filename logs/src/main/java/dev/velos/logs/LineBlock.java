// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Arrays;

import dev.velos.model.LogStream;

/**
 * Lines of one app and stream in the {@link LogFormat} (timestamp, a space or {@code +}, the line,
 * a newline), waiting to be handed to the {@link LogFileWriter} as one block. The one place the
 * file format is written: {@link LogStore} stages captured output here, and nothing else formats a
 * line for a file.
 */
final class LineBlock {
    String name;
    LogStream stream;
    byte[] bytes;
    int length;
    int lines;
    /** Hand over at this size (the writer's batch limit for the app, so rotation stays close to its size). */
    int limit;

    LineBlock(int capacity) {
        this.bytes = new byte[capacity];
    }

    /** Appends one line: {@code stamp} (the formatted timestamp), the separator, {@code count} bytes of {@code src}. */
    void append(byte[] stamp, boolean continued, byte[] src, int offset, int count) {
        int needed = length + stamp.length + 2 + count;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
        System.arraycopy(stamp, 0, bytes, length, stamp.length);
        length += stamp.length;
        bytes[length++] = continued ? (byte) '+' : (byte) ' ';
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
        bytes[length++] = '\n';
        lines++;
    }

    /**
     * Appends whole (not continued) lines {@code from}, {@code from + 1}, ... of {@code src} with one
     * {@code stamp}, up to and including the line that brings the block to {@link #limit} or the
     * last one; returns the index after the last line appended. The same bytes as {@link #append}
     * per line, with the growth check done once for all that fit: the supervisor's loop stores
     * every line of a chatty app through here (a call per line: 8 % of the daemon's samples in a flood, perf).
     */
    int appendLines(byte[] stamp, byte[] src, int[] starts, int[] lengths, int from, int count) {
        int stampLength = stamp.length;
        int room = 0;
        int last = from;
        // The lines up to the limit (at least one), sized first so the copy loop never checks the capacity.
        do {
            room += stampLength + 2 + lengths[last];
            last++;
        } while (last < count && length + room < limit);
        if (length + room > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + room, bytes.length * 2));
        }
        byte[] b = bytes;
        int at = length;
        for (int i = from; i < last; i++) {
            System.arraycopy(stamp, 0, b, at, stampLength);
            at += stampLength;
            b[at++] = ' ';
            int n = lengths[i];
            System.arraycopy(src, starts[i], b, at, n);
            at += n;
            b[at++] = '\n';
        }
        length = at;
        lines += last - from;
        return last;
    }
}
