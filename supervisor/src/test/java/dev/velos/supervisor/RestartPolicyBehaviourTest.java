// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The restart policy against real crashing processes (REFERENCE §3.2-§3.4). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestartPolicyBehaviourTest {
    private final Recorder recorder = new Recorder();
    private Supervisor supervisor;

    @BeforeEach
    void setUp() {
        supervisor = recorder.attach(Supervisor.builder()).build();
    }

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    @Test
    void crashLoopWorkedExampleEndsErroredAfterTwoRestarts() {
        supervisor.start(Procs.sh("crash", "exit 1", RestartPolicy.DEFAULT.withMaxRestarts(3))).join();

        await().until(() -> !recorder.events(ProcessEvent.CrashLoop.class, "crash").isEmpty());
        ProcessInfo info = supervisor.info("crash").join();

        assertThat(info.status()).isEqualTo(ProcessStatus.ERRORED);
        assertThat(info.restartCount()).isEqualTo(2);
        assertThat(info.consecutiveCrashes()).isEqualTo(3);
        assertThat(recorder.events(ProcessEvent.Started.class, "crash")).hasSize(3);
    }

    @Test
    void maxRestartsZeroMakesTheFirstQuickExitFinal() {
        supervisor.start(Procs.sh("once", "exit 1", RestartPolicy.DEFAULT.withMaxRestarts(0))).join();
        await().until(() -> !recorder.events(ProcessEvent.CrashLoop.class, "once").isEmpty());
        assertThat(supervisor.info("once").join().restartCount()).isZero();
    }

    @Test
    void cleanExitIsRestartedToo() {
        supervisor.start(Procs.sh("again", "exit 0", RestartPolicy.DEFAULT.withMaxRestarts(3))).join();
        await().until(() -> !recorder.events(ProcessEvent.CrashLoop.class, "again").isEmpty());
        assertThat(recorder.events(ProcessEvent.Started.class, "again")).hasSize(3);
    }

    @Test
    void aStableRunResetsTheCrashCounter() {
        RestartPolicy policy = RestartPolicy.DEFAULT.withMaxRestarts(2).withMinUptime(Duration.ofMillis(200));
        supervisor.start(Procs.sh("stable", "sleep 0.4; exit 1", policy)).join();

        await().until(() -> recorder.events(ProcessEvent.Started.class, "stable").size() >= 4);
        ProcessInfo info = supervisor.info("stable").join();
        assertThat(info.consecutiveCrashes()).isZero();
        assertThat(recorder.events(ProcessEvent.CrashLoop.class, "stable")).isEmpty();
    }

    @Test
    void exponentialBackoffDelaysDoubleFromOneHundredMillis() {
        RestartPolicy policy = RestartPolicy.DEFAULT.withMaxRestarts(5).withExpBackoff(true)
                .withMinUptime(Duration.ofSeconds(10));
        supervisor.start(Procs.sh("backoff", "exit 2", policy)).join();

        await().atMost(Duration.ofSeconds(20)).until(() -> !recorder.events(ProcessEvent.CrashLoop.class, "backoff").isEmpty());

        List<ProcessEvent.RestartScheduled> scheduled = recorder.events(ProcessEvent.RestartScheduled.class, "backoff");
        assertThat(scheduled).extracting(e -> e.delay().toMillis()).containsExactly(100L, 200L, 400L, 800L);
        List<ProcessEvent.Exited> exits = recorder.events(ProcessEvent.Exited.class, "backoff");
        List<ProcessEvent.Started> starts = recorder.events(ProcessEvent.Started.class, "backoff");
        for (int i = 0; i < scheduled.size(); i++) {
            long gap = Duration.between(exits.get(i).at(), starts.get(i + 1).at()).toMillis();
            long delay = scheduled.get(i).delay().toMillis();
            // The restart never comes early; late only by loop and spawn latency on a busy 2-core VM.
            assertThat(gap).as("gap after crash %d", i + 1).isBetween(delay, delay + 1500);
        }
    }

    @Test
    void fixedRestartDelayIsHonoured() {
        RestartPolicy policy = RestartPolicy.DEFAULT.withMaxRestarts(2).withRestartDelay(Duration.ofMillis(300));
        supervisor.start(Procs.sh("delayed", "exit 1", policy)).join();
        await().until(() -> !recorder.events(ProcessEvent.CrashLoop.class, "delayed").isEmpty());
        Instant exit = recorder.events(ProcessEvent.Exited.class, "delayed").get(0).at();
        Instant next = recorder.events(ProcessEvent.Started.class, "delayed").get(1).at();
        assertThat(Duration.between(exit, next).toMillis()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void stopDuringAPendingRestartCancelsIt() throws Exception {
        RestartPolicy policy = RestartPolicy.DEFAULT.withRestartDelay(Duration.ofMillis(500));
        supervisor.start(Procs.sh("pending", "exit 1", policy)).join();
        await().until(() -> !recorder.events(ProcessEvent.RestartScheduled.class, "pending").isEmpty());

        ProcessInfo stopped = supervisor.stop("pending").join();
        Thread.sleep(800);

        assertThat(stopped.status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(recorder.events(ProcessEvent.Started.class, "pending")).hasSize(1);
        assertThat(supervisor.info("pending").join().status()).isEqualTo(ProcessStatus.STOPPED);
    }

    @Test
    void autorestartReplacesAKilledProcess() {
        ProcessInfo first = supervisor.start(Procs.sh("phoenix", "echo up; exec sleep 30", RestartPolicy.DEFAULT)).join();
        await().until(() -> recorder.texts("phoenix").contains("up"));
        ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();

        await().until(() -> recorder.events(ProcessEvent.Started.class, "phoenix").size() == 2);
        ProcessInfo second = supervisor.info("phoenix").join();
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(second.restartCount()).isEqualTo(1);
        assertThat(second.status()).isEqualTo(ProcessStatus.RUNNING);
    }
}
