// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Listening sockets a supervisor holds for its apps (systemd's socket activation, issue 20):
 * TCP over IPv4 or IPv6 and Unix stream sockets, made close-on-exec, bound with SO_REUSEADDR
 * (a restarted supervisor rebinds at once, whatever TIME_WAIT connections remain) and listening
 * with the kernel's largest backlog. The JDK's ServerSocketChannel is no use here: its fds are
 * not close-on-exec and it offers no way to hand the raw fd to a child.
 */
public final class ServerSockets {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SO_REUSEADDR = 2;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPV6_V6ONLY = 26;
    /** listen(2) clamps any backlog to {@code /proc/sys/net/core/somaxconn}; this is its default since Linux 5.4. */
    public static final int SOMAXCONN = 4096;

    /** <pre>struct sockaddr_in { sa_family_t sin_family; @0  in_port_t sin_port; @2 (big-endian)  struct in_addr sin_addr; @4  sin_zero[8]; @8 };  16 bytes</pre> */
    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"), MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");

    /**
     * <pre>struct sockaddr_in6 { sa_family_t sin6_family; @0  in_port_t sin6_port; @2  uint32_t sin6_flowinfo; @4
     *     struct in6_addr sin6_addr; @8  uint32_t sin6_scope_id; @24 };  28 bytes</pre>
     */
    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"), JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"), JAVA_INT.withName("sin6_scope_id"))
            .withName("sockaddr_in6");

    /** Ports travel in network byte order. */
    private static final ValueLayout.OfShort PORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private ServerSockets() {
    }

    /**
     * A listening TCP socket on {@code address:port} (port 0: the kernel picks one, see
     * {@link #localPort}). An IPv6 socket is IPv6-only, so {@code [::]:80} and {@code 0.0.0.0:80}
     * can both be held, as systemd's {@code BindIPv6Only=ipv6-only} does. Nothing is left open on failure.
     */
    public static Fd listenTcp(CallState cs, InetAddress address, int port) {
        boolean v6 = address instanceof Inet6Address;
        Fd fd = Sockets.socket(cs, v6 ? AF_INET6 : AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC);
        return listening(cs, fd, () -> {
            try (Arena arena = Arena.ofConfined()) {
                setIntOption(cs, fd, Sockets.SOL_SOCKET, SO_REUSEADDR, 1);
                if (v6) {
                    setIntOption(cs, fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
                }
                MemorySegment addr = v6 ? inet6(arena, (Inet6Address) address, port) : inet4(arena, (Inet4Address) address, port);
                bind(cs, fd, addr, address.getHostAddress() + " port " + port);
            }
        });
    }

    /** A listening Unix stream socket at {@code path}, which must not exist (remove a stale one first). */
    public static Fd listenUnix(CallState cs, String path) {
        Fd fd = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC);
        return listening(cs, fd, () -> Sockets.bindUnix(cs, fd, path));
    }

    /** Binds {@code fd} with {@code bind} and listens on it; on any failure it is closed, not leaked. */
    private static Fd listening(CallState cs, Fd fd, Runnable bind) {
        try {
            bind.run();
            listen(cs, fd);
            return fd;
        } catch (RuntimeException e) {
            fd.close(cs);
            throw e;
        }
    }

    /** The port a TCP socket is bound to ({@code getsockname}); man7.org/linux/man-pages/man2/getsockname.2.html. */
    public static int localPort(CallState cs, Fd fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(SOCKADDR_IN6);
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) SOCKADDR_IN6.byteSize());
            int rc;
            try {
                rc = (int) GetSockName.HANDLE.invokeExact(cs.segment(), fd.value(), addr, len);
            } catch (Throwable t) {
                throw new AssertionError("getsockname", t);
            }
            if (rc != 0) {
                throw cs.failure("getsockname", "fd=" + fd.value());
            }
            return Short.toUnsignedInt(addr.get(PORT, 2));
        }
    }

    /** {@code int setsockopt(int, int level, int name, const void *value, socklen_t)} with an int value. */
    public static void setIntOption(CallState cs, Fd fd, int level, int name, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom(JAVA_INT, value);
            int rc;
            try {
                rc = (int) SetSockOpt.HANDLE.invokeExact(cs.segment(), fd.value(), level, name, v, (int) JAVA_INT.byteSize());
            } catch (Throwable t) {
                throw new AssertionError("setsockopt", t);
            }
            if (rc != 0) {
                throw cs.failure("setsockopt", "level=" + level + ", option=" + name);
            }
        }
    }

    /** {@code int listen(int fd, int backlog)}; man7.org/linux/man-pages/man2/listen.2.html. */
    static void listen(CallState cs, Fd fd) {
        int rc;
        try {
            rc = (int) Listen.HANDLE.invokeExact(cs.segment(), fd.value(), SOMAXCONN);
        } catch (Throwable t) {
            throw new AssertionError("listen", t);
        }
        if (rc != 0) {
            throw cs.failure("listen", "fd=" + fd.value());
        }
    }

    private static void bind(CallState cs, Fd fd, MemorySegment addr, String what) {
        int rc;
        try {
            rc = (int) BindInet.HANDLE.invokeExact(cs.segment(), fd.value(), addr, (int) addr.byteSize());
        } catch (Throwable t) {
            throw new AssertionError("bind", t);
        }
        if (rc != 0) {
            throw cs.failure("bind", what);
        }
    }

    private static MemorySegment inet4(Arena arena, Inet4Address address, int port) {
        MemorySegment addr = arena.allocate(SOCKADDR_IN);
        addr.set(JAVA_SHORT, 0, (short) AF_INET);
        addr.set(PORT, 2, (short) port);
        MemorySegment.copy(address.getAddress(), 0, addr, JAVA_BYTE, 4, 4);
        return addr;
    }

    private static MemorySegment inet6(Arena arena, Inet6Address address, int port) {
        MemorySegment addr = arena.allocate(SOCKADDR_IN6);
        addr.set(JAVA_SHORT, 0, (short) AF_INET6);
        addr.set(PORT, 2, (short) port);
        MemorySegment.copy(address.getAddress(), 0, addr, JAVA_BYTE, 8, 16);
        addr.set(JAVA_INT, 24, address.getScopeId());
        return addr;
    }

    private static final class BindInet {
        static final MethodHandle HANDLE = Downcalls.linkErrno("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Listen {
        static final MethodHandle HANDLE = Downcalls.linkErrno("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class SetSockOpt {
        static final MethodHandle HANDLE = Downcalls.linkErrno("setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class GetSockName {
        static final MethodHandle HANDLE = Downcalls.linkErrno("getsockname",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }
}
