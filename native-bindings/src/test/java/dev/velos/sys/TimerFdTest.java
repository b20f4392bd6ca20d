// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.sys.testkit.ClockStep;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

/** A realtime timerfd with an absolute deadline, and its cancellation when the wall clock is set. */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimerFdTest {
    private static final int REALTIME_ABSOLUTE = TimerFd.TFD_TIMER_ABSTIME | TimerFd.TFD_TIMER_CANCEL_ON_SET;

    @Test
    void anAbsoluteRealtimeDeadlineFiresOnceThenReadsNothing() {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            MemorySegment scratch = arena.allocate(JAVA_LONG);
            try (Fd timer = TimerFd.create(cs, TimerFd.CLOCK_REALTIME, TimerFd.TFD_CLOEXEC | TimerFd.TFD_NONBLOCK)) {
                assertThat(Fds.fcntl(cs, timer.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).isEqualTo(Fds.FD_CLOEXEC);
                // Another test on this machine may step the wall clock meanwhile (this class's own
                // cancellation test does): then the read says so and the timer is armed again.
                for (int attempt = 0; ; attempt++) {
                    Instant at = Instant.now().plusMillis(80);
                    TimerFd.setTime(cs, timer, REALTIME_ABSOLUTE, at.getEpochSecond(), at.getNano());
                    assertThat(TimerFd.read(cs, timer, scratch)).as("before the deadline").isIn(0L, TimerFd.CLOCK_CHANGED);

                    assertThat(waitReadable(cs, timer, Duration.ofSeconds(5))).isTrue();
                    long expirations = TimerFd.read(cs, timer, scratch);
                    if (expirations == TimerFd.CLOCK_CHANGED && attempt < 5) {
                        continue;
                    }
                    assertThat(Instant.now()).isAfterOrEqualTo(at);
                    assertThat(expirations).isEqualTo(1);
                    assertThat(TimerFd.read(cs, timer, scratch)).isZero();
                    break;
                }
            }
        }
    }

    @Test
    void aDisarmedTimerNeverFires() {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            try (Fd timer = TimerFd.create(cs, TimerFd.CLOCK_MONOTONIC, TimerFd.TFD_CLOEXEC | TimerFd.TFD_NONBLOCK)) {
                TimerFd.setTime(cs, timer, 0, 0, 50_000_000);
                TimerFd.setTime(cs, timer, 0, 0, 0);
                assertThat(waitReadable(cs, timer, Duration.ofMillis(200))).isFalse();
            }
        }
    }

    /** The real thing: the kernel cancels the timer when the wall clock is set (stepped by 1 ns, see {@link ClockStep}). */
    @Test
    void settingTheWallClockMakesTheReadReportClockChanged(@TempDir Path dir) throws Exception {
        ClockStep clock = ClockStep.build(dir);
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            MemorySegment scratch = arena.allocate(JAVA_LONG);
            try (Fd timer = TimerFd.create(cs, TimerFd.CLOCK_REALTIME, TimerFd.TFD_CLOEXEC | TimerFd.TFD_NONBLOCK)) {
                Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
                TimerFd.setTime(cs, timer, REALTIME_ABSOLUTE, inAnHour.getEpochSecond(), inAnHour.getNano());
                assertThat(TimerFd.read(cs, timer, scratch)).isZero();

                clock.step();

                assertThat(waitReadable(cs, timer, Duration.ofSeconds(5))).isTrue();
                assertThat(TimerFd.read(cs, timer, scratch)).isEqualTo(TimerFd.CLOCK_CHANGED);
                TimerFd.setTime(cs, timer, REALTIME_ABSOLUTE, inAnHour.getEpochSecond(), inAnHour.getNano());
                assertThat(TimerFd.read(cs, timer, scratch)).as("re-armed").isZero();
            }
        }
    }

    private static boolean waitReadable(CallState cs, Fd fd, Duration timeout) {
        try (Arena arena = Arena.ofConfined(); Fd epfd = Epoll.create(cs)) {
            Epoll.ctl(cs, epfd.value(), Epoll.EPOLL_CTL_ADD, fd.value(), Epoll.EPOLLIN, 1);
            MemorySegment events = Epoll.allocateEvents(arena, 1);
            return Epoll.await(cs, epfd.value(), events, (int) timeout.toMillis()) == 1;
        }
    }
}
