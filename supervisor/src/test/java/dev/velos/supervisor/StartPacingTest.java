// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.ReadyPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** max_parallel_starts and start_delay (issue 19). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StartPacingTest {
    private final Recorder recorder = new Recorder();
    private Supervisor supervisor;

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    /** An app that is ready 300 ms after its start (wait-ready and the framed message). */
    private static AppSpec slowToBeReady(String name) {
        return Procs.sh(name, "sleep 0.3; printf '\\005\\000\\000\\000ready' >&3; exec sleep 60", Procs.NO_RESTART).toBuilder()
                .ready(new ReadyPolicy(true, Duration.ofSeconds(20), false)).build();
    }

    @Test
    void atMostMaxParallelStartsAppsAreStartingAtOnce() {
        supervisor = recorder.attach(Supervisor.builder().maxParallelStarts(2)).build();
        List<AppSpec> specs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            specs.add(slowToBeReady("app" + i));
        }
        List<StartResult> results = supervisor.startAll(specs).join();

        assertThat(results).allMatch(r -> r instanceof StartResult.Started);
        List<ProcessInfo> first = supervisor.list().join();
        assertThat(first).filteredOn(p -> p.status() == ProcessStatus.WAITING).hasSize(4)
                .allSatisfy(p -> assertThat(p.orchestration().waitingReason()).contains("max_parallel_starts = 2"));
        while (!supervisor.list().join().stream().allMatch(p -> p.status() == ProcessStatus.RUNNING)) {
            assertThat(supervisor.list().join().stream().filter(p -> p.status() == ProcessStatus.STARTING).count())
                    .isLessThanOrEqualTo(2);
            Thread.onSpinWait();
        }
        assertThat(recorder.events.stream().filter(e -> e instanceof ProcessEvent.Started)).hasSize(6);
    }

    @Test
    void startDelayWaitsBeforeTheSpawn() {
        supervisor = recorder.attach(Supervisor.builder()).build();
        AppSpec spec = Procs.sh("late", "exec sleep 60", Procs.NO_RESTART);
        long before = System.nanoTime();
        ProcessInfo info = supervisor.start(spec.withOrchestration(spec.orchestration().withStartDelay(Duration.ofMillis(700))))
                .join();

        assertThat(info.status()).isEqualTo(ProcessStatus.WAITING);
        assertThat(info.orchestration().waitingReason()).contains("start_delay");
        await().until(() -> supervisor.info("late").join().status() == ProcessStatus.RUNNING);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(supervisor.info("late").join().orchestration().waitingReason()).isEmpty();
    }
}
