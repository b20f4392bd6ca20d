// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Passing open file descriptors between processes over a Unix socket ({@code SCM_RIGHTS},
 * man7.org/linux/man-pages/man7/unix.7.html): how a supervisor hands its apps' pidfds, pipes,
 * channels and listening sockets to a successor process (issue 20). The receiver gets new fd
 * numbers for the same open file descriptions, so a pipe's unread bytes and a socket's accept
 * queue are untouched by the move. {@code CMSG_*} are macros, written here in Java.
 *
 * <p>Both calls block on a blocking socket: platform threads only (NATIVE-NOTES §6).
 */
public final class FdPassing {
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_CTRUNC = 8;
    public static final int MSG_TRUNC = 0x20;
    /** Received fds are close-on-exec from the start (no window in which a concurrent spawn inherits them). */
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    /** The kernel refuses more fds than this in one message ({@code SCM_MAX_FD}, include/net/scm.h). */
    public static final int MAX_FDS_PER_MESSAGE = 253;

    /** <pre>struct iovec { void *iov_base; @0  size_t iov_len; @8 };  16 bytes</pre> */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");

    /**
     * <pre>struct msghdr { void *msg_name; @0  socklen_t msg_namelen; @8  (4 padding)  struct iovec *msg_iov; @16
     *     size_t msg_iovlen; @24  void *msg_control; @32  size_t msg_controllen; @40  int msg_flags; @48  (4 padding) };  56 bytes</pre>
     */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4), ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"), ADDRESS.withName("msg_control"), JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4)).withName("msghdr");

    /** <pre>struct cmsghdr { size_t cmsg_len; @0  int cmsg_level; @8  int cmsg_type; @12  data[] @16 };  16 bytes</pre> */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type")).withName("cmsghdr");

    private FdPassing() {
    }

    /** {@code CMSG_LEN(n)}: a control header plus {@code n} data bytes, unpadded. */
    public static long cmsgLen(long dataBytes) {
        return CMSGHDR.byteSize() + dataBytes;
    }

    /** {@code CMSG_SPACE(n)}: the same, padded to the alignment of {@code size_t}. */
    public static long cmsgSpace(long dataBytes) {
        return CMSGHDR.byteSize() + ((dataBytes + 7) & ~7L);
    }

    /**
     * {@code sendmsg(socket, {data, SCM_RIGHTS fds}, MSG_NOSIGNAL)}; man7.org/linux/man-pages/man2/sendmsg.2.html.
     * At least one data byte must go with fds. Returns the bytes sent (all of them on a blocking
     * datagram or seqpacket socket). The caller keeps its fds: the receiver gets copies.
     */
    public static long send(CallState cs, Fd socket, byte[] data, List<Fd> fds) {
        if (fds.size() > MAX_FDS_PER_MESSAGE) {
            throw new IllegalArgumentException(fds.size() + " fds in one message; the kernel takes " + MAX_FDS_PER_MESSAGE);
        }
        if (data.length == 0) {
            throw new IllegalArgumentException("fds travel with at least one data byte");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment msg = message(arena, arena.allocateFrom(JAVA_BYTE, data), data.length);
            if (!fds.isEmpty()) {
                long space = cmsgSpace(4L * fds.size());
                MemorySegment control = arena.allocate(space, 8);
                control.set(JAVA_LONG, 0, cmsgLen(4L * fds.size()));
                control.set(JAVA_INT, 8, Sockets.SOL_SOCKET);
                control.set(JAVA_INT, 12, SCM_RIGHTS);
                for (int i = 0; i < fds.size(); i++) {
                    control.set(JAVA_INT, CMSGHDR.byteSize() + 4L * i, fds.get(i).value());
                }
                msg.set(ADDRESS, 32, control);
                msg.set(JAVA_LONG, 40, space);
            }
            long sent;
            try {
                sent = (long) SendMsg.HANDLE.invokeExact(cs.segment(), socket.value(), msg, Sockets.MSG_NOSIGNAL);
            } catch (Throwable t) {
                throw new AssertionError("sendmsg", t);
            }
            if (sent < 0) {
                throw cs.failure("sendmsg", "fd=" + socket.value() + ", " + fds.size() + " fds");
            }
            return sent;
        }
    }

    /** What one {@link #receive} got: {@code bytes} data bytes (0 = the peer closed) and the fds that came with them. */
    public record Received(int bytes, List<Fd> fds) {
    }

    /**
     * {@code recvmsg(socket, ..., MSG_CMSG_CLOEXEC)}; man7.org/linux/man-pages/man2/recvmsg.2.html.
     * Reads up to {@code buffer.length} bytes into {@code buffer} and at least {@code maxFds} fds (room
     * is padded to 8 bytes, so one more may fit), which the caller then owns. A message whose fds or data did not fit is an error (what did arrive
     * is closed): losing an fd in transit would lose an app's output or its socket.
     */
    public static Received receive(CallState cs, Fd socket, byte[] buffer, int maxFds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, buffer.length));
            MemorySegment msg = message(arena, data, buffer.length);
            long space = cmsgSpace(4L * maxFds);
            MemorySegment control = arena.allocate(space, 8);
            msg.set(ADDRESS, 32, control);
            msg.set(JAVA_LONG, 40, space);
            long n;
            try {
                n = (long) RecvMsg.HANDLE.invokeExact(cs.segment(), socket.value(), msg, MSG_CMSG_CLOEXEC);
            } catch (Throwable t) {
                throw new AssertionError("recvmsg", t);
            }
            if (n < 0) {
                throw cs.failure("recvmsg", "fd=" + socket.value());
            }
            List<Fd> fds = fdsOf(control, msg.get(JAVA_LONG, 40));
            int flags = msg.get(JAVA_INT, 48);
            if ((flags & (MSG_CTRUNC | MSG_TRUNC)) != 0) {
                fds.forEach(fd -> fd.close(cs));
                throw new SysException("recvmsg: message truncated (flags " + flags + "): more than " + maxFds
                        + " fds or " + buffer.length + " bytes");
            }
            MemorySegment.copy(data, JAVA_BYTE, 0, buffer, 0, (int) n);
            return new Received((int) n, fds);
        }
    }

    private static MemorySegment message(Arena arena, MemorySegment data, long length) {
        MemorySegment iov = arena.allocate(IOVEC);
        iov.set(ADDRESS, 0, data);
        iov.set(JAVA_LONG, 8, length);
        MemorySegment msg = arena.allocate(MSGHDR);
        msg.set(ADDRESS, 16, iov);
        msg.set(JAVA_LONG, 24, 1L);
        return msg;
    }

    /** The fds of every SCM_RIGHTS header in {@code control} ({@code CMSG_FIRSTHDR}/{@code CMSG_NXTHDR} in Java). */
    private static List<Fd> fdsOf(MemorySegment control, long controlLength) {
        List<Fd> fds = new ArrayList<>();
        long offset = 0;
        while (offset + CMSGHDR.byteSize() <= controlLength) {
            long len = control.get(JAVA_LONG, offset);
            if (len < CMSGHDR.byteSize()) {
                break;
            }
            if (control.get(JAVA_INT, offset + 8) == Sockets.SOL_SOCKET && control.get(JAVA_INT, offset + 12) == SCM_RIGHTS) {
                long count = (len - CMSGHDR.byteSize()) / 4;
                for (long i = 0; i < count; i++) {
                    fds.add(Fd.of(control.get(JAVA_INT, offset + CMSGHDR.byteSize() + 4 * i)));
                }
            }
            offset += cmsgSpace(len - CMSGHDR.byteSize());
        }
        return fds;
    }

    private static final class SendMsg {
        static final MethodHandle HANDLE = Downcalls.linkErrno("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class RecvMsg {
        static final MethodHandle HANDLE = Downcalls.linkErrno("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }
}
