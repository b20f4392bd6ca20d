// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dev.velos.sys.Errno;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Epoll;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;

/**
 * The daemon's end of a child's ready/shutdown channel, a Unix stream socket: it reads what the
 * child sends on the loop thread and hands the bytes to the channel's {@link Protocol} — velos's
 * length-prefixed frames ({@link VelosFrames}) or Node's JSON lines ({@link NodeMessages}) — and
 * writes the protocol's shutdown message on stop. Reads go through the loop's shared buffer, so
 * an idle channel holds no buffer of its own.
 */
final class ChannelReader {
    /** What flows on one kind of channel. Runs on the loop thread. */
    interface Protocol {
        /** Takes {@code count} bytes the child sent; false when they break the protocol and the channel must close. */
        boolean consume(byte[] bytes, int count);

        /** The bytes that ask the child to shut down. */
        byte[] shutdownMessage();
    }

    private final EventLoop loop;
    private final Fd fd;
    private final Protocol protocol;
    private final PipeReader.Buffer buffer;
    private final long token;

    ChannelReader(EventLoop loop, Fd fd, PipeReader.Buffer buffer, Protocol protocol) {
        this.loop = loop;
        this.fd = fd;
        this.buffer = buffer;
        this.protocol = protocol;
        this.token = loop.register(fd.value(), Epoll.EPOLLIN, events -> drain());
    }

    private void drain() {
        while (fd.isOpen()) {
            int n;
            try {
                n = Fds.readNonBlocking(loop.callState(), fd.value(), buffer.bytes, 0, buffer.bytes.length);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ECONNRESET) {
                    throw e;
                }
                // The child closed its end with bytes we sent still unread (a shutdown message it never
                // read before it exited): Linux reports that as ECONNRESET on our next read. It is the
                // end of the channel, as a read of 0 is, not a fault of the loop.
                n = 0;
            }
            if (n < 0) {
                return;
            }
            if (n == 0 || !protocol.consume(buffer.bytes, n)) {
                close();
                return;
            }
        }
    }

    /** Sends the protocol's shutdown message; false when the channel is closed or the child's buffer is full. */
    boolean sendShutdown() {
        if (!fd.isOpen()) {
            return false;
        }
        byte[] message = protocol.shutdownMessage();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(message.length);
            MemorySegment.copy(message, 0, segment, ValueLayout.JAVA_BYTE, 0, message.length);
            return Fds.write(loop.callState(), fd.value(), segment, message.length) == message.length;
        } catch (ErrnoException e) {
            return false;
        }
    }

    Fd fd() {
        return fd;
    }

    boolean isOpen() {
        return fd.isOpen();
    }

    void close() {
        if (fd.isOpen()) {
            loop.deregister(token, fd.value());
            fd.close(loop.callState());
        }
    }
}
