// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A bare Unix-socket connection for sending arbitrary bytes to a server; every read has a deadline. */
final class RawConnection implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final SocketChannel channel;
    private final ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor();

    private RawConnection(SocketChannel channel) {
        this.channel = channel;
    }

    static RawConnection open(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new RawConnection(ch);
    }

    void send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    void sendFrame(byte[] body) throws IOException {
        send(FrameCodec.encode(body));
    }

    /** Sends one request and reads its response. */
    Messages.Response call(long id, String cmd, Object args) throws IOException {
        sendFrame(Messages.request(id, cmd, args));
        Optional<byte[]> body = withDeadline(() -> FrameCodec.read(channel));
        return Messages.decodeResponse(body.orElseThrow(() -> new IOException("server closed the connection")));
    }

    /** Reads the next frame the server sends. */
    Messages.Response next() throws IOException {
        Optional<byte[]> body = withDeadline(() -> FrameCodec.read(channel));
        return Messages.decodeResponse(body.orElseThrow(() -> new IOException("server closed the connection")));
    }

    /**
     * True when the server closed this connection (end of stream or a reset) before the deadline;
     * false if it sent anything instead.
     */
    boolean closedByServer() throws IOException {
        return withDeadline(() -> {
            try {
                ByteBuffer one = ByteBuffer.allocate(1);
                return channel.read(one) < 0;
            } catch (IOException e) {
                return true; // connection reset: unread bytes were discarded by the closing server
            }
        });
    }

    private <T> T withDeadline(Callable<T> read) throws IOException {
        Future<T> f = reader.submit(read);
        try {
            return f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IOException("no answer within " + DEADLINE, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        reader.shutdownNow();
    }
}
