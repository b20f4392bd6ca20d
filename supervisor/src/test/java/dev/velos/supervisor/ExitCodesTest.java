// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.AutoRestart;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartPolicy;
import dev.velos.sys.Signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** autorestart = on-failure, stop_exit_codes and stop_signal (issue 19), with real exits and signals. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExitCodesTest {
    private static final RestartPolicy QUICK = RestartPolicy.DEFAULT.withMinUptime(Duration.ofMillis(50));
    private final Recorder recorder = new Recorder();
    private final Supervisor supervisor = recorder.attach(Supervisor.builder()).build();

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    private ProcessInfo info(String name) {
        return supervisor.info(name).join();
    }

    private static AppSpec onFailure(String name, String script) {
        return Procs.sh(name, script, QUICK).withAutorestart(AutoRestart.ON_FAILURE);
    }

    @Test
    void onFailureDoesNotRestartAnExitZero() throws Exception {
        supervisor.start(onFailure("clean", "sleep 0.2; exit 0")).join();

        await().until(() -> !recorder.events(ProcessEvent.Exited.class, "clean").isEmpty());
        Thread.sleep(500);

        assertThat(info("clean").status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(info("clean").spec().autorestartMode()).isEqualTo(AutoRestart.ON_FAILURE);
        assertThat(recorder.events(ProcessEvent.Started.class, "clean")).hasSize(1);
    }

    @Test
    void onFailureRestartsAnExitThree() {
        supervisor.start(onFailure("flaky", "sleep 0.2; exit 3")).join();

        await().until(() -> recorder.events(ProcessEvent.Started.class, "flaky").size() >= 3);
        assertThat(recorder.events(ProcessEvent.Exited.class, "flaky").getFirst().exit()).isEqualTo(ExitStatus.exited(3));
        assertThat(recorder.events(ProcessEvent.Started.class, "flaky").get(1).restart()).isTrue();
    }

    @Test
    void stopExitCodesAreNotRestartedAndEndStopped() throws Exception {
        AppSpec spec = Procs.sh("done", "sleep 0.2; exit 143", QUICK);
        supervisor.start(spec.withOrchestration(spec.orchestration().withExitCodes(
                spec.orchestration().exitCodes().withStopExitCodes(Set.of(0, 143))))).join();

        await().until(() -> !recorder.events(ProcessEvent.Exited.class, "done").isEmpty());
        Thread.sleep(500);

        assertThat(info("done").status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(info("done").lastExit()).isEqualTo(ExitStatus.exited(143));
        assertThat(recorder.events(ProcessEvent.Started.class, "done")).hasSize(1);
    }

    @Test
    void otherExitCodesAreStillRestartedWithStopExitCodes() {
        AppSpec spec = Procs.sh("other", "sleep 0.2; exit 4", QUICK);
        supervisor.start(spec.withOrchestration(spec.orchestration().withExitCodes(
                spec.orchestration().exitCodes().withStopExitCodes(Set.of(0, 143))))).join();

        await().until(() -> recorder.events(ProcessEvent.Started.class, "other").size() >= 2);
    }

    @Test
    void stopSignalSigintIsWhatAStopDelivers() {
        AppSpec spec = Procs.sh("interruptible", "trap 'echo got INT; exit 0' INT; trap 'echo got TERM; exit 0' TERM; "
                + "echo up; while :; do sleep 0.1; done", Procs.NO_RESTART);
        supervisor.start(spec.withOrchestration(spec.orchestration().withExitCodes(
                spec.orchestration().exitCodes().withStopSignal(Signals.SIGINT)))).join();
        await().until(() -> recorder.texts("interruptible").contains("up"));

        ProcessInfo stopped = supervisor.stop("interruptible").join();

        assertThat(stopped.status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(recorder.texts("interruptible")).contains("got INT").doesNotContain("got TERM");
    }
}
