// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One connection of a {@link VelosClient} to the daemon's socket: non-blocking, with a selector so
 * that every read and write has a deadline ({@link Long#MAX_VALUE}: none, for a stream's events).
 * Not thread-safe except {@link #close()}, which ends a wait on another thread.
 */
final class ClientConnection implements AutoCloseable {
    private final Path socket;
    private final Duration timeout;
    private final SocketChannel channel;
    private final Selector selector;

    private ClientConnection(Path socket, Duration timeout, SocketChannel channel, Selector selector) {
        this.socket = socket;
        this.timeout = timeout;
        this.channel = channel;
        this.selector = selector;
    }

    /**
     * Connects to {@code socket}; {@code timeout} is what a deadline's error says it was. Throws
     * {@link DaemonUnavailableException} when nothing listens there.
     */
    static ClientConnection open(Path socket, Duration timeout) {
        if (!Files.exists(socket)) {
            throw new DaemonUnavailableException("the velos daemon is not running (no socket at " + socket + ")", null);
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            Selector selector = Selector.open();
            ch.register(selector, 0);
            return new ClientConnection(socket, timeout, ch, selector);
        } catch (IOException e) {
            closeQuietly(ch);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new DaemonUnavailableException("cannot reach the velos daemon at " + socket + ": " + why
                    + (why.toLowerCase(Locale.ROOT).contains("refused") ? " (stale socket: the daemon is not running)" : ""), e);
        }
    }

    void write(byte[] frame, long deadline) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(SelectionKey.OP_WRITE, deadline);
            }
        }
    }

    /** The next frame's body. */
    byte[] readFrame(long deadline) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FrameCodec.HEADER_BYTES);
        readFully(header, deadline);
        header.flip();
        ByteBuffer body = ByteBuffer.allocate(FrameCodec.bodyLength(header));
        readFully(body, deadline);
        return body.array();
    }

    private void readFully(ByteBuffer buffer, long deadline) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("the daemon closed the connection");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, deadline);
            }
        }
    }

    private void await(int op, long deadline) throws IOException {
        if (deadline == Long.MAX_VALUE) {
            SelectionKey key = channel.keyFor(selector);
            key.interestOps(op);
            selector.select();
            selector.selectedKeys().clear();
            key.interestOps(0);
            return;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new IpcTimeoutException("the velos daemon did not answer within "
                    + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms")
                    + " (socket " + socket + ")");
        }
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(op);
        selector.select(Math.max(1, remaining / 1_000_000));
        selector.selectedKeys().clear();
        key.interestOps(0);
    }

    /** Idempotent; a read or write waiting on another thread then fails. */
    @Override
    public void close() {
        closeQuietly(channel);
        try {
            selector.close();
        } catch (IOException e) {
            // Nothing to do: the selector holds no resource the caller can act on.
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // Closing a socket we are abandoning; its error cannot be acted on.
            }
        }
    }
}
