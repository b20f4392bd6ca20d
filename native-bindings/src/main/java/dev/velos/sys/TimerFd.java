// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * timerfd(2): a timer as a file descriptor an epoll loop can wait on. velos uses one on
 * {@link #CLOCK_REALTIME} with an absolute deadline for cron schedules, which are wall-clock
 * times: such a timer fires when the wall clock reaches the deadline however it got there (a
 * suspend included), and with {@link #TFD_TIMER_CANCEL_ON_SET} a {@code read} fails with
 * ECANCELED as soon as the wall clock is set (by hand, NTP stepping it, {@code date -s}), so
 * the schedule can be computed again. A monotonic timer would instead fire at the old
 * wall-clock time, and late after a suspend (CLOCK_MONOTONIC stops while suspended).
 */
public final class TimerFd {
    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int TFD_NONBLOCK = 0x800;
    public static final int TFD_CLOEXEC = 0x80000;
    public static final int TFD_TIMER_ABSTIME = 1;
    public static final int TFD_TIMER_CANCEL_ON_SET = 2;

    /** What {@link #read} returns when the realtime clock was set (the read failed with ECANCELED). */
    public static final long CLOCK_CHANGED = -1;

    /** {@code struct timespec { time_t tv_sec; long tv_nsec; }}: 16 bytes on 64-bit Linux. */
    public static final StructLayout TIMESPEC = MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("timespec");

    /** {@code struct itimerspec { struct timespec it_interval; struct timespec it_value; }}: 32 bytes. */
    public static final StructLayout ITIMERSPEC = MemoryLayout.structLayout(TIMESPEC.withName("it_interval"),
            TIMESPEC.withName("it_value")).withName("itimerspec");

    private static final long VALUE_SEC = ITIMERSPEC.byteOffset(groupElement("it_value"), groupElement("tv_sec"));
    private static final long VALUE_NSEC = ITIMERSPEC.byteOffset(groupElement("it_value"), groupElement("tv_nsec"));

    private TimerFd() {
    }

    /**
     * {@code int timerfd_create(int clockid, int flags)}; man7.org/linux/man-pages/man2/timerfd_create.2.html.
     * Pass {@link #TFD_CLOEXEC} always, and {@link #TFD_NONBLOCK} for an fd an epoll loop reads.
     */
    public static Fd create(CallState cs, int clockId, int flags) {
        int fd;
        try {
            fd = (int) Create.HANDLE.invokeExact(cs.segment(), clockId, flags);
        } catch (Throwable t) {
            throw new AssertionError("timerfd_create", t);
        }
        if (fd < 0) {
            throw cs.failure("timerfd_create", "clock=" + clockId + ", flags=" + flags);
        }
        return Fd.of(fd);
    }

    /**
     * {@code int timerfd_settime(int fd, int flags, const struct itimerspec *new, struct itimerspec *old)};
     * man7.org/linux/man-pages/man2/timerfd_settime.2.html. Arms a one-shot timer at
     * {@code seconds}/{@code nanos} (absolute with {@link #TFD_TIMER_ABSTIME}, else relative);
     * 0/0 disarms it. Re-arming also clears a pending expiry or cancellation.
     */
    public static void setTime(CallState cs, Fd fd, int flags, long seconds, long nanos) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment spec = arena.allocate(ITIMERSPEC);
            spec.set(JAVA_LONG, VALUE_SEC, seconds);
            spec.set(JAVA_LONG, VALUE_NSEC, nanos);
            int rc;
            try {
                rc = (int) SetTime.HANDLE.invokeExact(cs.segment(), fd.value(), flags, spec, MemorySegment.NULL);
            } catch (Throwable t) {
                throw new AssertionError("timerfd_settime", t);
            }
            if (rc != 0) {
                throw cs.failure("timerfd_settime", "fd=" + fd.value() + ", flags=" + flags + ", at=" + seconds + "." + nanos);
            }
        }
    }

    /**
     * Reads a non-blocking timerfd: the number of expirations since the last read, 0 when it has not
     * expired, or {@link #CLOCK_CHANGED} when it was armed with {@link #TFD_TIMER_CANCEL_ON_SET} and
     * the realtime clock was set since (the kernel's ECANCELED; re-arm it to watch again).
     */
    public static long read(CallState cs, Fd fd, MemorySegment scratch8) {
        try {
            long n = Fds.read(cs, fd.value(), scratch8, 8);
            return n == 8 ? scratch8.get(JAVA_LONG, 0) : 0;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ECANCELED) {
                return CLOCK_CHANGED;
            }
            throw e;
        }
    }

    private static final class Create {
        static final MethodHandle HANDLE = Downcalls.linkErrno("timerfd_create", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class SetTime {
        static final MethodHandle HANDLE = Downcalls.linkErrno("timerfd_settime",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }
}
