// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.velos.sys.Epoll;
import dev.velos.sys.Fd;
import dev.velos.sys.TimerFd;

/**
 * Every entry's {@code cron_restart} on one realtime timerfd, armed at the earliest firing with
 * an absolute wall-clock deadline (issue 14.12). Cron times are wall-clock times: on the loop's
 * monotonic timers a schedule drifted by however much the clock was set, and fired late by the
 * length of any suspend (CLOCK_MONOTONIC stops while suspended). A CLOCK_REALTIME deadline fires
 * when the wall clock reaches it however it got there, and with TFD_TIMER_CANCEL_ON_SET the
 * kernel tells us when the clock is set (and when the machine resumes), so every schedule is
 * computed again: a firing the clock jumped over happens once, at once (as a persistent systemd
 * timer would), then each schedule continues from the new time.
 *
 * <p>Schedules are computed with the supervisor's {@link Clock} in the local zone; the timerfd
 * deadline is that clock's delay laid onto the real wall clock, which is the same instant for the
 * system clock (and keeps an injected clock usable in tests). Created on the first schedule, so
 * a supervisor without cron never opens the fd nor loads cron-utils. Loop thread only.
 */
final class CronTimers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CronTimers.class.getName());
    private static final int ARM_FLAGS = TimerFd.TFD_TIMER_ABSTIME | TimerFd.TFD_TIMER_CANCEL_ON_SET;

    /** One entry's schedule: its next firing on the supervisor's clock, and the real wall-clock deadline for it. */
    private static final class Armed {
        final CronSchedule schedule;
        final Runnable onFire;
        ZonedDateTime next;
        Instant deadline;

        Armed(CronSchedule schedule, Runnable onFire) {
            this.schedule = schedule;
            this.onFire = onFire;
        }
    }

    private final EventLoop loop;
    private final Clock clock;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment scratch = arena.allocate(8);
    private final Fd fd;
    private final long token;
    private final Map<ManagedProcess, Armed> armed = new HashMap<>();

    CronTimers(EventLoop loop, Clock clock) {
        this.loop = loop;
        this.clock = clock.withZone(ZoneId.systemDefault());
        this.fd = TimerFd.create(loop.callState(), TimerFd.CLOCK_REALTIME, TimerFd.TFD_CLOEXEC | TimerFd.TFD_NONBLOCK);
        this.token = loop.register(fd.value(), Epoll.EPOLLIN, events -> onReadable());
    }

    /** (Re)arms {@code entry} on {@code schedule}; {@code onFire} runs on the loop at each firing. */
    void arm(ManagedProcess entry, CronSchedule schedule, Runnable onFire) {
        Armed a = new Armed(schedule, onFire);
        armed.put(entry, a);
        plan(a, ZonedDateTime.now(clock));
        program();
    }

    void disarm(ManagedProcess entry) {
        if (armed.remove(entry) != null) {
            program();
        }
    }

    private void onReadable() {
        long expirations = TimerFd.read(loop.callState(), fd, scratch);
        if (expirations == TimerFd.CLOCK_CHANGED) {
            clockChanged();
        } else if (expirations > 0) {
            fireDue(false);
        }
    }

    /**
     * The wall clock was set, or the machine resumed: fire what the clock jumped over, then plan
     * every schedule again from the new time. Package-private so a test can drive this path
     * without setting the clock of a shared machine (the kernel's side is tested in TimerFdTest).
     */
    void clockChanged() {
        LOG.log(Level.INFO, "the wall clock was set; computing the cron schedules again");
        fireDue(true);
        ZonedDateTime now = ZonedDateTime.now(clock);
        armed.values().forEach(a -> plan(a, now));
        program();
    }

    /** Fires every schedule whose time has come (on the supervisor's clock, or on the real one). */
    private void fireDue(boolean clockJumped) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        Instant realNow = Instant.now();
        List<Armed> due = new ArrayList<>();
        for (Armed a : armed.values()) {
            if (a.next != null && (!a.next.isAfter(now) || (!clockJumped && !a.deadline.isAfter(realNow)))) {
                due.add(a);
            }
        }
        for (Armed a : due) {
            ZonedDateTime fired = a.next;
            // From the firing itself, not from now: a clock a hair behind the deadline must not fire it twice.
            plan(a, fired.isAfter(now) ? fired : now);
            a.onFire.run();
        }
        program();
    }

    /** Sets {@code a}'s next firing strictly after {@code from}, and its real deadline. */
    private void plan(Armed a, ZonedDateTime from) {
        a.next = a.schedule.nextAfter(from).orElse(null);
        if (a.next != null) {
            Duration delay = Duration.between(ZonedDateTime.now(clock), a.next);
            a.deadline = Instant.now().plus(delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    /** Arms the timerfd at the earliest deadline (or disarms it), with cancel-on-set. */
    private void program() {
        Instant earliest = null;
        for (Armed a : armed.values()) {
            if (a.next != null && (earliest == null || a.deadline.isBefore(earliest))) {
                earliest = a.deadline;
            }
        }
        if (earliest == null) {
            TimerFd.setTime(loop.callState(), fd, 0, 0, 0);
        } else {
            TimerFd.setTime(loop.callState(), fd, ARM_FLAGS, earliest.getEpochSecond(), earliest.getNano());
        }
    }

    @Override
    public void close() {
        loop.deregister(token, fd.value());
        fd.close(loop.callState());
        arena.close();
        armed.clear();
    }
}
