// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import dev.velos.sys.Epoll;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;

/**
 * The daemon's end of a child's channel (REFERENCE §4): frames of a u32 little-endian length and
 * that many bytes (at most 64 KiB) in both directions. Any complete frame from the child is a
 * message ({@code ready} by convention); the supervisor sends {@code {"type":"shutdown"}} on stop.
 * Runs on the loop thread; a child that floods the channel with an oversized frame gets it closed.
 */
final class ChannelReader {
    static final int MAX_FRAME = 64 * 1024;
    private static final System.Logger LOG = System.getLogger(ChannelReader.class.getName());

    private final EventLoop loop;
    private final Fd fd;
    private final String name;
    private final Consumer<byte[]> onMessage;
    private final long token;
    private final byte[] readBuffer = new byte[8192];
    private byte[] frame = new byte[0];
    private int have;
    private int need = -1;
    private final byte[] header = new byte[4];
    private int headerHave;

    ChannelReader(EventLoop loop, Fd fd, String name, Consumer<byte[]> onMessage) {
        this.loop = loop;
        this.fd = fd;
        this.name = name;
        this.onMessage = onMessage;
        this.token = loop.register(fd.value(), Epoll.EPOLLIN, events -> drain());
    }

    private void drain() {
        while (fd.isOpen()) {
            int n = Fds.readNonBlocking(loop.callState(), fd.value(), readBuffer, 0, readBuffer.length);
            if (n < 0) {
                return;
            }
            if (n == 0) {
                close();
                return;
            }
            consume(readBuffer, n);
        }
    }

    private void consume(byte[] bytes, int count) {
        int i = 0;
        while (i < count && fd.isOpen()) {
            if (need < 0) {
                header[headerHave++] = bytes[i++];
                if (headerHave == 4) {
                    headerHave = 0;
                    need = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    if (need < 0 || need > MAX_FRAME) {
                        LOG.log(System.Logger.Level.WARNING, "process ''{0}'' sent a channel frame of {1} bytes (max {2}); "
                                + "closing its channel", name, Integer.toUnsignedLong(need), MAX_FRAME);
                        close();
                        return;
                    }
                    frame = new byte[need];
                    have = 0;
                    if (need == 0) {
                        deliver();
                    }
                }
                continue;
            }
            int take = Math.min(need - have, count - i);
            System.arraycopy(bytes, i, frame, have, take);
            have += take;
            i += take;
            if (have == need) {
                deliver();
            }
        }
    }

    private void deliver() {
        byte[] message = frame;
        need = -1;
        frame = new byte[0];
        onMessage.accept(message);
    }

    /** Sends one frame; false when the channel is closed or the child's buffer is full. */
    boolean send(String payload) {
        if (!fd.isOpen()) {
            return false;
        }
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + body.length).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length).put(body);
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var segment = arena.allocate(out.capacity());
            java.lang.foreign.MemorySegment.copy(out.array(), 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, 0,
                    out.capacity());
            return Fds.write(loop.callState(), fd.value(), segment, out.capacity()) == out.capacity();
        } catch (dev.velos.sys.ErrnoException e) {
            return false;
        }
    }

    void close() {
        if (fd.isOpen()) {
            loop.deregister(token, fd.value());
            fd.close(loop.callState());
        }
    }
}
