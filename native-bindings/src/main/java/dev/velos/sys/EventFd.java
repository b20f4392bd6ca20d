// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** eventfd(2): the event loop's cross-thread doorbell. */
public final class EventFd {
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    private EventFd() {
    }

    /** {@code int eventfd(unsigned int initval, int flags)}; man7.org/linux/man-pages/man2/eventfd.2.html. */
    public static Fd create(CallState cs, int flags) {
        int fd;
        try {
            fd = (int) Create.HANDLE.invokeExact(cs.segment(), 0, flags);
        } catch (Throwable t) {
            throw new AssertionError("eventfd", t);
        }
        if (fd < 0) {
            throw cs.failure("eventfd", "flags=" + flags);
        }
        return Fd.of(fd);
    }

    /** Adds 1 to the counter, waking a poller. A full counter (EAGAIN) already means "wake up". */
    public static void signal(CallState cs, Fd fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            Fds.write(cs, fd.value(), one, 8);
        }
    }

    /** Resets the counter of a non-blocking eventfd; returns the value it had (0 if none). */
    public static long drain(CallState cs, Fd fd, MemorySegment scratch8) {
        long n = Fds.read(cs, fd.value(), scratch8, 8);
        return n == 8 ? scratch8.get(JAVA_LONG, 0) : 0;
    }

    private static final class Create {
        static final MethodHandle HANDLE = Downcalls.linkErrno("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
}
