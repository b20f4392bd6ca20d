// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.charset.StandardCharsets;

import dev.velos.model.LogLine;
import dev.velos.model.LogStream;

/**
 * The allocation-free way to receive output: each line arrives as a byte range of the
 * supervisor's read buffer, valid only during the call, so a sink that writes files can copy it
 * straight into its own buffer without making a String, a {@link LogLine} or an Instant per
 * line. A chatty child prints millions of lines; this is what keeps their cost to a copy.
 * {@link #endOfRead()} follows each burst of reads from one pipe, the natural point to hand a
 * batch to a writer thread. Same threading rules as {@link LogSink}: loop thread, never block.
 */
public interface RawLogSink extends LogSink {
    /**
     * One line (without its newline; a trailing CR removed), or a piece of a line cut at the
     * length cap ({@code continued} for every piece after the first). {@code bytes} is the
     * supervisor's buffer: read it now, do not keep it.
     */
    void acceptRaw(int processId, String name, LogStream stream, long timestampMs, byte[] bytes, int offset, int length,
                   boolean continued);

    /**
     * Several whole lines of one read at once ({@code count} ranges of {@code bytes}, none
     * continued): the common case of a chatty child, one call per read instead of one per line.
     * The default hands them to {@link #acceptRaw} one by one.
     */
    default void acceptLines(int processId, String name, LogStream stream, long timestampMs, byte[] bytes, int[] starts,
                             int[] lengths, int count) {
        for (int i = 0; i < count; i++) {
            acceptRaw(processId, name, stream, timestampMs, bytes, starts[i], lengths[i], false);
        }
    }

    /**
     * Called before each burst of reads from one pipe; every {@link #acceptRaw} of the burst comes
     * between this and {@link #endOfRead()}, on the loop thread (a sink may take a lock here once
     * instead of once per line).
     */
    default void beginRead() {
    }

    /** Called after each burst of reads from one pipe. */
    default void endOfRead() {
    }

    /** Lines that come as records (from code that has them) take the byte path too. */
    @Override
    default void accept(LogLine line) {
        byte[] bytes = line.text().getBytes(StandardCharsets.UTF_8);
        acceptRaw(line.processId(), line.name(), line.stream(), line.timestamp().toEpochMilli(), bytes, 0, bytes.length,
                line.continued());
    }
}
