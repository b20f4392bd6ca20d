// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * Counts the stdio client's requests still unanswered, by watching the JSON-RPC lines that pass
 * in and out, so the server can answer everything before it exits: a client may write its last
 * request and close stdin at once (a shell pipe does). The SDK closes its session when it reads
 * end-of-input, dropping answers still being computed, so the watched input holds the EOF back
 * until those answers are out. It also notes the protocol version the initialize answer agreed on.
 */
final class RequestTally {
    private final McpJsonMapper json;
    private int pending;
    private boolean inputEnded;
    private String negotiatedVersion;
    private final Duration answerLimit;

    RequestTally(McpJsonMapper json, Duration answerLimit) {
        this.json = json;
        this.answerLimit = answerLimit;
    }

    InputStream watchInput(InputStream in) {
        return new FilterInputStream(in) {
            private final LineBuffer lines = new LineBuffer(line -> counted(line, true));

            @Override
            public int read() throws IOException {
                int b = ended(super.read());
                if (b >= 0) {
                    lines.add(b);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = ended(super.read(buf, off, len));
                for (int i = 0; i < n; i++) {
                    lines.add(buf[off + i]);
                }
                return n;
            }
        };
    }

    OutputStream watchOutput(OutputStream out) {
        return new FilterOutputStream(out) {
            private final LineBuffer lines = new LineBuffer(line -> counted(line, false));

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                lines.add(b);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                out.write(buf, off, len);
                for (int i = 0; i < len; i++) {
                    lines.add(buf[off + i]);
                }
            }
        };
    }

    /** The protocol version of the stdio session, once initialize was answered. */
    synchronized Optional<String> negotiatedVersion() {
        return Optional.ofNullable(negotiatedVersion);
    }

    /** Waits until stdin has ended and its reader has let the SDK see the end. */
    synchronized void awaitEnd() throws InterruptedException {
        while (!inputEnded) {
            wait();
        }
    }

    /** Passes {@code n} on; at end-of-input, first waits (at most the answer limit) until every request was answered. */
    private synchronized int ended(int n) throws IOException {
        if (n >= 0) {
            return n;
        }
        long deadline = System.nanoTime() + answerLimit.toNanos();
        long left;
        try {
            while (pending > 0 && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while finishing answers");
        } finally {
            inputEnded = true;
            notifyAll();
        }
        return n;
    }

    /** A request has a method and an id; an answer has an id and no method. */
    private synchronized void counted(byte[] line, boolean incoming) {
        Map<?, ?> message;
        try {
            message = json.readValue(line, Map.class);
        } catch (IOException | RuntimeException e) {
            return; // not JSON: the SDK answers it with a parse error, or it is not a message at all
        }
        if (message == null || message.get("id") == null) {
            return;
        }
        boolean request = message.containsKey("method");
        if (incoming && request) {
            pending++;
        } else if (!incoming && !request) {
            if (message.get("result") instanceof Map<?, ?> result && result.get("serverInfo") != null
                    && result.get("protocolVersion") instanceof String version) {
                negotiatedVersion = version;
            }
            pending = Math.max(0, pending - 1);
            notifyAll();
        }
    }

    /** Collects bytes into lines and hands each complete one on. */
    private static final class LineBuffer {
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private final java.util.function.Consumer<byte[]> onLine;

        LineBuffer(java.util.function.Consumer<byte[]> onLine) {
            this.onLine = onLine;
        }

        void add(int b) {
            if (b == '\n') {
                if (current.size() > 0) {
                    onLine.accept(current.toByteArray());
                }
                current.reset();
            } else {
                current.write(b);
            }
        }
    }
}
