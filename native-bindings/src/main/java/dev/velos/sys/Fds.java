// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** File-descriptor calls: pipe2, open, fcntl, read, write, close. */
public final class Fds {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_TRUNC = 0x200;
    public static final int O_APPEND = 0x400;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_GETPIPE_SZ = 1032;
    public static final int FD_CLOEXEC = 1;

    private Fds() {
    }

    /** A pipe: {@code read} is element 0, {@code write} element 1. */
    public record Pipe(Fd read, Fd write) implements AutoCloseable {
        @Override
        public void close() {
            read.close();
            write.close();
        }
    }

    /**
     * {@code int pipe2(int pipefd[2], int flags)}; man7.org/linux/man-pages/man2/pipe.2.html.
     * Pass {@link #O_CLOEXEC} always; never {@link #O_NONBLOCK} for a pipe a child writes to,
     * because the flag belongs to the open file description and the child would see it too
     * (NATIVE-NOTES gotcha 5): set it on the parent's end with {@link #setNonBlocking}.
     */
    public static Pipe pipe2(CallState cs, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int rc;
            try {
                rc = (int) Pipe2.HANDLE.invokeExact(cs.segment(), fds, flags);
            } catch (Throwable t) {
                throw new AssertionError("pipe2", t);
            }
            if (rc != 0) {
                throw cs.failure("pipe2", "");
            }
            return new Pipe(Fd.of(fds.getAtIndex(JAVA_INT, 0)), Fd.of(fds.getAtIndex(JAVA_INT, 1)));
        }
    }

    /** {@code int fcntl(int fd, int cmd, int arg)}; man7.org/linux/man-pages/man2/fcntl.2.html. Variadic. */
    public static int fcntl(CallState cs, int fd, int cmd, int arg) {
        int rc;
        try {
            rc = (int) FcntlInt.HANDLE.invokeExact(cs.segment(), fd, cmd, arg);
        } catch (Throwable t) {
            throw new AssertionError("fcntl", t);
        }
        if (rc == -1) {
            throw cs.failure("fcntl", "fd=" + fd + ", cmd=" + cmd);
        }
        return rc;
    }

    /** Adds O_NONBLOCK to the open file description of {@code fd}. */
    public static void setNonBlocking(CallState cs, int fd) {
        int flags = fcntl(cs, fd, F_GETFL, 0);
        fcntl(cs, fd, F_SETFL, flags | O_NONBLOCK);
    }

    /**
     * {@code ssize_t read(int fd, void *buf, size_t count)}; man7.org/linux/man-pages/man2/read.2.html.
     * Returns the byte count, 0 at end of file, or -1 when a non-blocking fd has nothing now
     * (EAGAIN). EINTR is retried; other errors throw.
     */
    public static long read(CallState cs, int fd, MemorySegment buffer, long count) {
        return transfer(Read.HANDLE, "read", cs, fd, buffer, count);
    }

    /**
     * {@link #read} straight into a Java array, for a non-blocking fd only: the call is linked as
     * a critical function with heap access, which saves copying every byte through native memory
     * but holds off garbage collection for its duration — fine for a read that returns at once,
     * wrong for one that could wait. Same return convention as {@link #read}.
     */
    public static int readNonBlocking(CallState cs, int fd, byte[] buffer, int offset, int count) {
        java.util.Objects.checkFromIndexSize(offset, count, buffer.length);
        MemorySegment target = MemorySegment.ofArray(buffer).asSlice(offset, count);
        return (int) transfer(ReadHeap.HANDLE, "read", cs, fd, target, count);
    }

    /**
     * {@code ssize_t write(int fd, const void *buf, size_t count)}; man7.org/linux/man-pages/man2/write.2.html.
     * Returns the bytes written, or -1 when a non-blocking fd is full (EAGAIN). EINTR is retried.
     */
    public static long write(CallState cs, int fd, MemorySegment buffer, long count) {
        return transfer(Write.HANDLE, "write", cs, fd, buffer, count);
    }

    /** One read or write ({@code handle}, both {@code ssize_t f(int, void *, size_t)}): EINTR retried, EAGAIN is -1. */
    private static long transfer(MethodHandle handle, String name, CallState cs, int fd, MemorySegment buffer, long count) {
        while (true) {
            long n;
            try {
                n = (long) handle.invokeExact(cs.segment(), fd, buffer, count);
            } catch (Throwable t) {
                throw new AssertionError(name, t);
            }
            if (n >= 0) {
                return n;
            }
            int errno = cs.errno();
            if (errno == Errno.EAGAIN.number()) {
                return -1;
            }
            if (errno != Errno.EINTR.number()) {
                throw ErrnoException.of(errno, name, "fd=" + fd);
            }
        }
    }

    /**
     * {@code int close(int fd)}; man7.org/linux/man-pages/man2/close.2.html. On Linux the fd is
     * released even when close reports EINTR, so EINTR is not retried (a retry could close an fd
     * another thread just got).
     */
    public static void close(CallState cs, int fd) {
        int rc;
        try {
            rc = (int) Close.HANDLE.invokeExact(cs.segment(), fd);
        } catch (Throwable t) {
            throw new AssertionError("close", t);
        }
        if (rc == -1 && cs.errno() != Errno.EINTR.number()) {
            throw cs.failure("close", "fd=" + fd);
        }
    }

    /**
     * {@code int open(const char *path, int flags, ...)}; man7.org/linux/man-pages/man2/open.2.html.
     * Pass {@link #O_CLOEXEC}. Opening {@code /proc/<pid>/fd/<n>} of a pipe opens that same pipe
     * anew (a fresh open file description, with its own O_NONBLOCK), which is how a pipe's other
     * end is reached from outside the process that holds it.
     */
    public static Fd open(CallState cs, String path, int flags) {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            try {
                fd = (int) Open.HANDLE.invokeExact(cs.segment(), arena.allocateFrom(path), flags, 0);
            } catch (Throwable t) {
                throw new AssertionError("open", t);
            }
        }
        if (fd < 0) {
            throw cs.failure("open", path);
        }
        return Fd.of(fd);
    }

    private static final class Open {
        static final MethodHandle HANDLE = Downcalls.linkErrno("open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    }

    private static final class Pipe2 {
        static final MethodHandle HANDLE = Downcalls.linkErrno("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class FcntlInt {
        static final MethodHandle HANDLE = Downcalls.linkErrno("fcntl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    }

    private static final class Read {
        static final MethodHandle HANDLE = Downcalls.linkErrno("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    private static final class ReadHeap {
        static final MethodHandle HANDLE = Downcalls.linkErrno("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
    }

    private static final class Write {
        static final MethodHandle HANDLE = Downcalls.linkErrno("write",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    private static final class Close {
        static final MethodHandle HANDLE = Downcalls.linkErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
}
