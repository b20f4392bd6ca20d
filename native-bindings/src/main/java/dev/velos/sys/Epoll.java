// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** epoll(7): create1, ctl, wait, and the {@code struct epoll_event} layout. */
public final class Epoll {
    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLPRI = 0x002;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;

    /**
     * {@code struct epoll_event { uint32_t events; epoll_data_t data; }}. On x86_64 the kernel
     * declares it {@code __attribute__((packed))}: 12 bytes with data @4. Everywhere else it is
     * naturally aligned: 16 bytes with data @8. Inserting padding on x86_64 would silently give
     * the wrong layout, so the arch is chosen here and checked by {@code NativeLayoutTest}.
     */
    public static final StructLayout EVENT = isX86_64()
            ? MemoryLayout.structLayout(JAVA_INT.withName("events"), JAVA_LONG_UNALIGNED.withName("data"))
                    .withName("epoll_event")
            : MemoryLayout.structLayout(JAVA_INT.withName("events"), MemoryLayout.paddingLayout(4),
                    JAVA_LONG.withName("data")).withName("epoll_event");

    private static final long EVENTS = EVENT.byteOffset(MemoryLayout.PathElement.groupElement("events"));
    private static final long DATA = EVENT.byteOffset(MemoryLayout.PathElement.groupElement("data"));

    private Epoll() {
    }

    private static boolean isX86_64() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) || "x86_64".equals(arch);
    }

    /** {@code int epoll_create1(int flags)}; man7.org/linux/man-pages/man2/epoll_create1.2.html. */
    public static Fd create(CallState cs) {
        int fd;
        try {
            fd = (int) Create1.HANDLE.invokeExact(cs.segment(), EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw new AssertionError("epoll_create1", t);
        }
        if (fd < 0) {
            throw cs.failure("epoll_create1", "");
        }
        return Fd.of(fd);
    }

    /**
     * {@code int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)};
     * man7.org/linux/man-pages/man2/epoll_ctl.2.html. {@code data} is an opaque token returned by
     * {@link #await}; use a never-reused token rather than the fd, because fd numbers are
     * recycled at once and a stale event in the same batch could otherwise hit a new fd.
     */
    public static void ctl(CallState cs, int epfd, int op, int fd, int events, long data) {
        try (Arena arena = Arena.ofConfined()) {
            ctl(cs, arena.allocate(EVENT), epfd, op, fd, events, data);
        }
    }

    /**
     * {@link #ctl(CallState, int, int, int, int, long)} through {@code event}, one
     * {@link #allocateEvents} entry the caller owns and reuses: an event loop registers and drops
     * two pipes and a pidfd per start, and an arena per call was ~20 MB of garbage for 1,000
     * starts (issue 15). The kernel copies the event during the call; nothing keeps it after.
     */
    public static void ctl(CallState cs, MemorySegment event, int epfd, int op, int fd, int events, long data) {
        event.set(JAVA_INT, EVENTS, events);
        event.set(JAVA_LONG_UNALIGNED, DATA, data);
        int rc;
        try {
            rc = (int) Ctl.HANDLE.invokeExact(cs.segment(), epfd, op, fd, event);
        } catch (Throwable t) {
            throw new AssertionError("epoll_ctl", t);
        }
        if (rc != 0) {
            throw cs.failure("epoll_ctl", "op=" + op + ", fd=" + fd);
        }
    }

    /** An array of {@code capacity} events for {@link #await}, owned by {@code arena}. */
    public static MemorySegment allocateEvents(Arena arena, int capacity) {
        return arena.allocate(EVENT, capacity);
    }

    /**
     * {@code int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)};
     * man7.org/linux/man-pages/man2/epoll_wait.2.html. Blocks for up to {@code timeoutMillis}
     * (-1 forever), so call it only from a platform thread. Returns the number of ready events,
     * 0 on timeout or EINTR (epoll_wait is never restarted after a signal handler).
     */
    public static int await(CallState cs, int epfd, MemorySegment events, int timeoutMillis) {
        int max = (int) (events.byteSize() / EVENT.byteSize());
        int n;
        try {
            n = (int) Wait.HANDLE.invokeExact(cs.segment(), epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw new AssertionError("epoll_wait", t);
        }
        if (n >= 0) {
            return n;
        }
        if (cs.errno() == Errno.EINTR.number()) {
            return 0;
        }
        throw cs.failure("epoll_wait", "epfd=" + epfd);
    }

    /** The {@code events} mask of entry {@code index} of an {@link #await} array. */
    public static int events(MemorySegment events, int index) {
        return events.get(JAVA_INT, index * EVENT.byteSize() + EVENTS);
    }

    /** The {@code data} token of entry {@code index} of an {@link #await} array. */
    public static long data(MemorySegment events, int index) {
        return events.get(JAVA_LONG_UNALIGNED, index * EVENT.byteSize() + DATA);
    }

    private static final class Create1 {
        static final MethodHandle HANDLE = Downcalls.linkErrno("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static final class Ctl {
        static final MethodHandle HANDLE = Downcalls.linkErrno("epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    private static final class Wait {
        static final MethodHandle HANDLE = Downcalls.linkErrno("epoll_wait",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }
}
