// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.RestartTriggers;
import dev.velos.sys.CallState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An idle supervisor nobody watches arms no timer, so its loop sleeps in epoll_wait instead of
 * waking for a sampling pass with no reader (issue 15's idle-CPU row); a look or a memory limit
 * arms the pass again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleLoopTest {

    @Test
    void anUnwatchedSupervisorWithoutMemoryLimitsArmsNoTimer() {
        try (Supervisor supervisor = Supervisor.builder().samplingInterval(Duration.ofMillis(100)).build()) {
            supervisor.start(Procs.sh("quiet", "sleep 30", Procs.NO_RESTART)).join();
            // The first pass finds no reader and does not re-arm itself.
            await().atMost(Duration.ofSeconds(5)).until(() -> supervisor.pendingTimers().join() == 0);

            assertThat(supervisor.list().join()).hasSize(1); // a look: the figures are kept fresh for a while
            assertThat(supervisor.pendingTimers().join()).isEqualTo(1);
        }
    }

    @Test
    void anAppWithAMemoryLimitKeepsThePassArmedWithoutALook() {
        AppSpec limited = AppSpec.builder("limited", "/bin/sh").args(List.of("-c", "sleep 30"))
                .restart(Procs.NO_RESTART).triggers(new RestartTriggers(512L * 1024 * 1024, "")).build();
        try (Supervisor supervisor = Supervisor.builder().samplingInterval(Duration.ofMillis(100)).build()) {
            supervisor.start(limited).join();
            for (int pass = 0; pass < 5; pass++) {
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
                assertThat(supervisor.pendingTimers().join()).as("pass %d", pass).isEqualTo(1);
            }
            assertThat(supervisor.info("limited").join().memoryBytes()).isPositive();
        }
    }

    @Test
    void orphanPassesSlowDownWhileTheyFindNothingAndHurryAfterAnExit() {
        OrphanReaper reaper = new OrphanReaper();
        assertThat(reaper.nextPassMillis()).isEqualTo(OrphanReaper.BUSY_PASS_MILLIS);
        try (CallState cs = CallState.open()) {
            // Everything counts as managed here: nothing of this JVM's is reaped, every pass finds nothing.
            for (long expected : new long[] {2000, 4000, 8000, 8000}) {
                assertThat(reaper.reap(cs, pid -> true)).isZero();
                assertThat(reaper.nextPassMillis()).isEqualTo(expected);
            }
        }
        reaper.expectOrphans();
        assertThat(reaper.nextPassMillis()).isEqualTo(OrphanReaper.BUSY_PASS_MILLIS);
    }
}
