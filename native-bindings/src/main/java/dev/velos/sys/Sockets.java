// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** socketpair(2) for the per-child channel, datagrams for sd_notify. (The control socket's SO_PEERCRED check is the JDK's, in ipc.) */
public final class Sockets {
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    /** Connection-oriented with message boundaries: one sendmsg, one recvmsg, its fds with it. */
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;

    /**
     * <pre>struct sockaddr_un { sa_family_t sun_family; @0 (u16)  char sun_path[108]; @2 };  110 bytes</pre>
     */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path")).withName("sockaddr_un");

    private Sockets() {
    }

    /** {@code int socket(int domain, int type, int protocol)}; man7.org/linux/man-pages/man2/socket.2.html. */
    public static Fd socket(CallState cs, int domain, int type) {
        int fd;
        try {
            fd = (int) Socket.HANDLE.invokeExact(cs.segment(), domain, type, 0);
        } catch (Throwable t) {
            throw new AssertionError("socket", t);
        }
        if (fd < 0) {
            throw cs.failure("socket", "domain=" + domain + ", type=" + type);
        }
        return Fd.of(fd);
    }

    /**
     * {@code bind(fd, &sockaddr_un{AF_UNIX, path}, addrlen)}; man7.org/linux/man-pages/man7/unix.7.html.
     * The path must fit in {@code sun_path} with its NUL (107 bytes); a leading {@code @} names an
     * abstract address (see {@link #sendToUnix}).
     */
    public static void bindUnix(CallState cs, Fd fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            UnixAddress addr = UnixAddress.of(arena, path);
            int rc;
            try {
                rc = (int) Bind.HANDLE.invokeExact(cs.segment(), fd.value(), addr.segment(), addr.length());
            } catch (Throwable t) {
                throw new AssertionError("bind", t);
            }
            if (rc != 0) {
                throw cs.failure("bind", path);
            }
        }
    }

    /** A filled {@code sockaddr_un} and the address length to pass with it. */
    private record UnixAddress(MemorySegment segment, int length) {
        static UnixAddress of(Arena arena, String path) {
            byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (bytes.length > 107) {
                throw new SysException("unix socket path too long (" + bytes.length + " bytes, max 107): " + path);
            }
            MemorySegment addr = arena.allocate(SOCKADDR_UN);
            addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, addr, JAVA_BYTE, 2, bytes.length);
            if (path.startsWith("@")) {
                addr.set(JAVA_BYTE, 2, (byte) 0);
                return new UnixAddress(addr, 2 + bytes.length);
            }
            return new UnixAddress(addr, (int) SOCKADDR_UN.byteSize());
        }
    }

    /**
     * {@code sendto(fd, data, len, MSG_NOSIGNAL, &sockaddr_un{AF_UNIX, path}, addrlen)} on a datagram
     * socket; man7.org/linux/man-pages/man2/sendto.2.html. A path starting with {@code @} is an
     * abstract address (sd_notify's convention): a leading NUL, and an address length that stops
     * at the name's last byte. Returns the bytes sent.
     */
    public static int sendToUnix(CallState cs, Fd fd, String path, byte[] data) {
        try (Arena arena = Arena.ofConfined()) {
            UnixAddress addr = UnixAddress.of(arena, path);
            MemorySegment buffer = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buffer, JAVA_BYTE, 0, data.length);
            long sent;
            try {
                sent = (long) SendTo.HANDLE.invokeExact(cs.segment(), fd.value(), buffer, (long) data.length, MSG_NOSIGNAL,
                        addr.segment(), addr.length());
            } catch (Throwable t) {
                throw new AssertionError("sendto", t);
            }
            if (sent < 0) {
                throw cs.failure("sendto", path);
            }
            return (int) sent;
        }
    }

    /**
     * {@code recv(fd, buf, maxBytes, MSG_DONTWAIT)}: one datagram if one is queued, else empty
     * (EAGAIN); man7.org/linux/man-pages/man2/recv.2.html.
     */
    public static java.util.Optional<byte[]> receiveNow(CallState cs, Fd fd, int maxBytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(maxBytes);
            long n;
            try {
                n = (long) Recv.HANDLE.invokeExact(cs.segment(), fd.value(), buffer, (long) maxBytes, MSG_DONTWAIT);
            } catch (Throwable t) {
                throw new AssertionError("recv", t);
            }
            if (n < 0) {
                if (cs.errno() == Errno.EAGAIN.number()) {
                    return java.util.Optional.empty();
                }
                throw cs.failure("recv", "fd=" + fd.value());
            }
            return java.util.Optional.of(buffer.asSlice(0, n).toArray(JAVA_BYTE));
        }
    }

    /** Both ends of a connected socket pair. */
    public record Pair(Fd first, Fd second) implements AutoCloseable {
        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    /**
     * {@code int socketpair(int domain, int type, int protocol, int sv[2])};
     * man7.org/linux/man-pages/man2/socketpair.2.html. {@code type} should include SOCK_CLOEXEC.
     */
    public static Pair socketpair(CallState cs, int type) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(JAVA_INT, 2);
            int rc;
            try {
                rc = (int) SocketPair.HANDLE.invokeExact(cs.segment(), AF_UNIX, type, 0, sv);
            } catch (Throwable t) {
                throw new AssertionError("socketpair", t);
            }
            if (rc != 0) {
                throw cs.failure("socketpair", "type=" + type);
            }
            return new Pair(Fd.of(sv.getAtIndex(JAVA_INT, 0)), Fd.of(sv.getAtIndex(JAVA_INT, 1)));
        }
    }

    private static final class Socket {
        static final MethodHandle HANDLE = Downcalls.linkErrno("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class Bind {
        static final MethodHandle HANDLE = Downcalls.linkErrno("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class SocketPair {
        static final MethodHandle HANDLE = Downcalls.linkErrno("socketpair",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    private static final class SendTo {
        static final MethodHandle HANDLE = Downcalls.linkErrno("sendto",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Recv {
        static final MethodHandle HANDLE = Downcalls.linkErrno("recv",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
}
