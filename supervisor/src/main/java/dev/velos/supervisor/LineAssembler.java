// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reassembles lines from the chunks a pipe delivers: a line split across reads comes out whole,
 * a line longer than the cap comes out in cap-sized pieces (each after the first marked
 * continued, cut on a UTF-8 character boundary), and invalid UTF-8 becomes U+FFFD rather than
 * being dropped. One instance per pipe; not thread-safe.
 */
final class LineAssembler {
    /** Receives each complete line. */
    @FunctionalInterface
    interface LineConsumer {
        void line(String text, boolean continued);
    }

    private final int maxLineBytes;
    private final LineConsumer consumer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] pending = new byte[256];
    private int length;
    private boolean continuing;

    LineAssembler(int maxLineBytes, LineConsumer consumer) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must be >= 4");
        }
        this.maxLineBytes = maxLineBytes;
        this.consumer = consumer;
    }

    /** Feeds {@code count} bytes from {@code chunk}. */
    void feed(byte[] chunk, int count) {
        int start = 0;
        for (int i = 0; i < count; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                emit(length, false);
                start = i + 1;
            }
        }
        append(chunk, start, count - start);
    }

    /** Emits what is left as a last line (the stream ended without a newline). */
    void finish() {
        if (length > 0) {
            emit(length, false);
        }
    }

    private void append(byte[] chunk, int from, int count) {
        int offset = from;
        int remaining = count;
        while (remaining > 0) {
            int room = maxLineBytes - length;
            int take = Math.min(room, remaining);
            ensureCapacity(length + take);
            System.arraycopy(chunk, offset, pending, length, take);
            length += take;
            offset += take;
            remaining -= take;
            if (length == maxLineBytes) {
                emit(characterBoundary(), true);
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
    private void emit(int count, boolean capped) {
        if (count == 0 && continuing && !capped) {
            continuing = false; // the newline right after a capped piece ends that line; no empty piece
            return;
        }
        int end = count;
        if (!capped && end > 0 && pending[end - 1] == '\r') {
            end--;
        }
        consumer.line(decode(end), continuing);
        System.arraycopy(pending, count, pending, 0, length - count);
        length -= count;
        continuing = capped;
    }

    private String decode(int count) {
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(pending, 0, count));
            return chars.toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError("REPLACE decoder threw", e);
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(needed, Math.min(maxLineBytes, pending.length * 2)));
        }
    }
}
