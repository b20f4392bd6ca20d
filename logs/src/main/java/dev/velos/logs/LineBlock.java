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
}
