// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Node's IPC channel as PM2 uses it. A Node process started with {@code NODE_CHANNEL_FD=<fd>}
 * opens that fd (a Unix stream socket) as its IPC pipe and gets {@code process.send} and
 * {@code process.on('message')}; with {@code NODE_CHANNEL_SERIALIZATION_MODE=json} (Node's
 * default) every message is one JSON text followed by a newline. An app written for PM2's
 * {@code wait_ready} calls {@code process.send('ready')}, which arrives as the line
 * {@code "ready"}; PM2's {@code shutdown_with_message} sends the string {@code 'shutdown'}. Other
 * messages — the app's own, or Node's internal {@code {"cmd":"NODE_..."}} ones — are ignored. A
 * line longer than {@value #MAX_LINE} bytes is skipped whole, not kept.
 */
final class NodeMessages implements ChannelReader.Protocol {
    static final int MAX_LINE = 64 * 1024;
    private static final byte[] READY = "\"ready\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHUTDOWN = "\"shutdown\"\n".getBytes(StandardCharsets.US_ASCII);

    private final Runnable onReady;
    /** The start of a line split across reads; empty (no array) while none is pending. */
    private byte[] pending = new byte[0];
    private int length;
    private boolean skipping;

    NodeMessages(Runnable onReady) {
        this.onReady = onReady;
    }

    @Override
    public boolean consume(byte[] bytes, int count) {
        int start = 0;
        for (int i = 0; i < count; i++) {
            if (bytes[i] == '\n') {
                endOfLine(bytes, start, i);
                start = i + 1;
            }
        }
        keep(bytes, start, count);
        return true;
    }

    private void endOfLine(byte[] bytes, int from, int to) {
        if (skipping) {
            skipping = false;
        } else if (length == 0) {
            check(bytes, from, to);
        } else {
            keep(bytes, from, to);
            if (!skipping) {
                check(pending, 0, length);
            }
            skipping = false;
        }
        length = 0;
        if (pending.length > 256) {
            pending = new byte[0]; // a long line is rare: do not keep its buffer
        }
    }

    private void check(byte[] bytes, int from, int to) {
        int end = to;
        while (end > from && (bytes[end - 1] == '\r' || bytes[end - 1] == ' ')) {
            end--;
        }
        if (Arrays.equals(bytes, from, end, READY, 0, READY.length)) {
            onReady.run();
        }
    }

    private void keep(byte[] bytes, int from, int to) {
        int n = to - from;
        if (n == 0 || skipping) {
            return;
        }
        if (length + n > MAX_LINE) {
            skipping = true;
            length = 0;
            return;
        }
        if (length + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(length + n, Math.min(MAX_LINE, pending.length * 2)));
        }
        System.arraycopy(bytes, from, pending, length, n);
        length += n;
    }

    @Override
    public byte[] shutdownMessage() {
        return SHUTDOWN.clone();
    }
}
