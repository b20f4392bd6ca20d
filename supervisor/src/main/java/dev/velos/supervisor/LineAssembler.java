// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.Arrays;

/**
 * Reassembles lines from the chunks a pipe delivers: a line split across reads comes out whole,
 * a line longer than the cap comes out in cap-sized pieces (each after the first marked
 * continued, cut on a UTF-8 character boundary). Lines that lie wholly inside one chunk — nearly
 * all of them — are handed on as a range of the chunk itself, with no copy; only a line's start
 * left at the end of a chunk is kept. Bytes are passed through as they are; decoding (invalid
 * UTF-8 to U+FFFD) is the consumer's business. One instance per pipe; not thread-safe.
 */
final class LineAssembler {
    /** Receives each complete line as a byte range, valid only during the call. */
    @FunctionalInterface
    interface LineConsumer {
        void line(byte[] bytes, int offset, int length, boolean continued, long timestampMs);

        /** Several whole, not continued lines of one chunk, in order; by default one by one. */
        default void lines(byte[] bytes, int[] starts, int[] lengths, int count, long timestampMs) {
            for (int i = 0; i < count; i++) {
                line(bytes, starts[i], lengths[i], false, timestampMs);
            }
        }
    }

    /**
     * Room for the lines of the current chunk waiting to go to the consumer in one call. A batch
     * never outlives one {@link #feed} call, so all the assemblers of one event loop share one
     * (8 KiB once, instead of 8 KiB per pipe: 16 KiB per app at 1,000 apps).
     */
    static final class Batch {
        static final int LINES = 1024;
        final int[] starts = new int[LINES];
        final int[] lengths = new int[LINES];
    }

    private final int[] starts;
    private final int[] lengths;
    private int batched;
    private byte[] batchChunk;

    private final int maxLineBytes;
    private final LineConsumer consumer;
    /**
     * The start of a line the last chunk ended in, while there is one; otherwise no array at all
     * (issue 15.5: two idle 256-byte buffers an app were a quarter of the supervisor's heap per app).
     */
    private byte[] pending = NONE;
    private static final byte[] NONE = new byte[0];
    private static final int FIRST_PENDING_BYTES = 256;
    private int length;
    private boolean continuing;
    private long timestampMs;

    /** An assembler with a batch of its own. */
    LineAssembler(int maxLineBytes, LineConsumer consumer) {
        this(maxLineBytes, consumer, new Batch());
    }

    /** An assembler using {@code batch}, shared with the other assemblers fed on the same thread. */
    LineAssembler(int maxLineBytes, LineConsumer consumer, Batch batch) {
        this.starts = batch.starts;
        this.lengths = batch.lengths;
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must be >= 4");
        }
        this.maxLineBytes = maxLineBytes;
        this.consumer = consumer;
    }

    /** Feeds {@code count} bytes from {@code chunk}, read at {@code timestampMs}. */
    void feed(byte[] chunk, int count, long timestampMs) {
        this.timestampMs = timestampMs;
        this.batchChunk = chunk;
        int start = 0;
        for (int i = nextNewline(chunk, 0, count); i >= 0; i = nextNewline(chunk, i + 1, count)) {
            int lineLength = i - start;
            if (length == 0 && lineLength <= maxLineBytes) {
                emitDirect(chunk, start, lineLength);
            } else {
                flushBatch();
                append(chunk, start, lineLength);
                emitPending(length, false);
            }
            start = i + 1;
        }
        flushBatch();
        append(chunk, start, count - start);
        if (length == 0) {
            pending = NONE;
        }
    }

    private void flushBatch() {
        if (batched > 0) {
            int n = batched;
            batched = 0;
            consumer.lines(batchChunk, starts, lengths, n, timestampMs);
        }
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * The index of the next {@code '\n'} in {@code [from, to)}, or -1. Eight bytes at a time (SWAR:
     * a byte equal to '\n' becomes zero after the XOR, and the lowest zero byte is found exactly
     * with the borrow trick), because the loop thread scans every byte a chatty child prints.
     */
    static int nextNewline(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i) ^ NEWLINES;
            long found = (x - LOW_BITS) & ~x & HIGH_BITS;
            if (found != 0) {
                // The lowest match's byte index by a multiply (its bit 8k+7 alone, shifted to 8k, times
                // bytes 7..0 leaves k in the top byte): C1, the daemon's only compiler, makes a call of
                // Long.numberOfTrailingZeros and of Long.bitCount, once per line (perf).
                return i + (int) ((((found & -found) >>> 7) * 0x0001020304050607L) >>> 56);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The start of a line read but not yet ended, as a copy: what a hand-over passes to the
     * successor, which feeds it to its own assembler before reading on from the same pipe.
     */
    byte[] pending() {
        return Arrays.copyOf(pending, length);
    }

    /** Emits what is left as a last line (the stream ended without a newline). */
    void finish() {
        if (length > 0) {
            emitPending(length, false);
        }
        pending = NONE;
    }

    private void emitDirect(byte[] chunk, int start, int lineLength) {
        if (lineLength == 0 && continuing) {
            continuing = false; // the newline right after a capped piece ends that line; no empty piece
            return;
        }
        int end = lineLength > 0 && chunk[start + lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        if (continuing) {
            continuing = false;
            flushBatch();
            consumer.line(chunk, start, end, true, timestampMs);
            return;
        }
        starts[batched] = start;
        lengths[batched] = end;
        if (++batched == Batch.LINES) {
            flushBatch();
        }
    }

    private void append(byte[] chunk, int from, int count) {
        int offset = from;
        int remaining = count;
        while (remaining > 0) {
            int take = Math.min(maxLineBytes - length, remaining);
            ensureCapacity(length + take);
            System.arraycopy(chunk, offset, pending, length, take);
            length += take;
            offset += take;
            remaining -= take;
            if (length == maxLineBytes) {
                emitPending(characterBoundary(), true);
            }
        }
    }

    /** The largest prefix length of the pending bytes that does not end inside a UTF-8 sequence. */
    private int characterBoundary() {
        int cut = length;
        int back = 0;
        while (back < 3 && cut - back - 1 >= 0 && (pending[cut - back - 1] & 0xC0) == 0x80) {
            back++;
        }
        int lead = cut - back - 1;
        if (lead >= 0) {
            int b = pending[lead] & 0xFF;
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (needed > back + 1) {
                return lead > 0 ? lead : cut;
            }
        }
        return cut;
    }

    /** Emits the first {@code count} pending bytes; {@code capped} = the line goes on after them. */
    private void emitPending(int count, boolean capped) {
        if (count == 0 && continuing && !capped) {
            continuing = false;
            return;
        }
        int end = !capped && count > 0 && pending[count - 1] == '\r' ? count - 1 : count;
        consumer.line(pending, 0, end, continuing, timestampMs);
        System.arraycopy(pending, count, pending, 0, length - count);
        length -= count;
        continuing = capped;
    }

    private void ensureCapacity(int needed) {
        if (needed > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(needed, Math.min(maxLineBytes, Math.max(FIRST_PENDING_BYTES,
                    pending.length * 2))));
        }
    }
}
