// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessEvent;
import dev.velos.model.RestartTriggers;
import dev.velos.sys.testkit.ClockStep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cron schedules follow the wall clock when it is set (issue 14.12). The supervisor runs on an
 * injected clock that the test moves; the schedule at "every minute" is 30 s away when the app
 * starts, so a firing within a few seconds after the move can only come from the schedule being
 * computed again — on the old monotonic timers it came 30 s later.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CronClockTest {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final Instant HALF_PAST_NOON = LocalDate.of(2026, 6, 1).atTime(LocalTime.of(12, 0, 30)).atZone(ZONE)
            .toInstant();

    private final Recorder recorder = new Recorder();
    private final MovableClock clock = new MovableClock(HALF_PAST_NOON, ZONE);
    private final Supervisor supervisor = recorder.attach(Supervisor.builder().clock(clock)).build();

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    private void startEveryMinute() {
        supervisor.start(AppSpec.builder("cronned", "/bin/sleep").args(List.of("300"))
                .triggers(new RestartTriggers(0, "* * * * *")).build()).join();
    }

    private List<ProcessEvent.TriggeredRestart> cronRestarts() {
        return recorder.events(ProcessEvent.TriggeredRestart.class, "cronned");
    }

    @Test
    void whenTheClockIsSetForwardTheNextFiringFollowsIt() {
        startEveryMinute();
        clock.set(HALF_PAST_NOON.plusMillis(29_400)); // 12:00:59.4, 0.6 s before the firing

        supervisor.simulateClockChange().join();

        await().atMost(Duration.ofSeconds(5)).until(() -> cronRestarts().size() == 1);
        assertThat(cronRestarts().getFirst().reason()).isEqualTo("cron");
    }

    @Test
    void aFiringTheClockJumpedOverHappensOnceAtOnce() {
        startEveryMinute();
        clock.set(HALF_PAST_NOON.plusSeconds(40)); // 12:01:10: 12:01 was jumped over, 12:02 is 50 s away

        supervisor.simulateClockChange().join();

        await().atMost(Duration.ofSeconds(5)).until(() -> cronRestarts().size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> cronRestarts().size() == 1);
    }

    @Test
    void whenTheClockIsSetBackTheFiringWaitsForTheNewTime() {
        startEveryMinute();
        clock.set(HALF_PAST_NOON.minusSeconds(600)); // 11:50:30: the next firing is 11:51, 30 s away again

        supervisor.simulateClockChange().join();
        clock.set(HALF_PAST_NOON.minusSeconds(600).plusMillis(29_600));
        supervisor.simulateClockChange().join();

        await().atMost(Duration.ofSeconds(5)).until(() -> cronRestarts().size() == 1);
    }

    /**
     * The whole path with the real kernel: the test moves the injected clock, then sets the real
     * wall clock (by one nanosecond, {@link ClockStep}); the supervisor hears it from its timerfd
     * (ECANCELED) and computes the schedule again. Needs CAP_SYS_TIME; skipped without.
     */
    @Test
    void theKernelsClockSetNoticeMakesTheScheduleFollow(@TempDir Path dir) throws Exception {
        ClockStep kernelClock = ClockStep.build(dir);
        startEveryMinute();
        clock.set(HALF_PAST_NOON.plusMillis(29_400));

        kernelClock.step();

        await().atMost(Duration.ofSeconds(5)).until(() -> cronRestarts().size() == 1);
    }
}
