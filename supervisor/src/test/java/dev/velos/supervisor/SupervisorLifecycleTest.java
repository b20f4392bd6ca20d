// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartPolicy;
import dev.velos.model.VelosException;
import dev.velos.sys.Signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SupervisorLifecycleTest {
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
    void startedProcessIsRunningWithItsPidAndStopEndsStopped() {
        ProcessInfo started = supervisor.start(AppSpec.of("sleeper", "/bin/sleep", "30")).join();
        assertThat(started.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(started.pid()).isPositive();
        assertThat(started.id()).isEqualTo(1);
        assertThat(ProcessHandle.of(started.pid())).isPresent();

        ProcessInfo stopped = supervisor.stop("sleeper").join();

        assertThat(stopped.status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(stopped.lastExit()).isEqualTo(ExitStatus.killed(Signals.SIGTERM));
        assertThat(Procs.liveGroupMembers(started.pid())).isEmpty();
        assertThat(recorder.events(ProcessEvent.Stopped.class, "sleeper")).hasSize(1);
    }

    @Test
    void userStopOfAProgramThatDiesOfSigtermIsStoppedNotErrored() {
        supervisor.start(Procs.sh("term", "exec sleep 30", RestartPolicy.DEFAULT)).join();
        ProcessInfo stopped = supervisor.stop("term").join();
        assertThat(stopped.status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(stopped.restartCount()).isZero();
    }

    @Test
    void restartReplacesTheChildAndCountsIt() {
        ProcessInfo first = supervisor.start(AppSpec.of("svc", "/bin/sleep", "30")).join();
        ProcessInfo second = supervisor.restart("svc").join();

        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(second.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(second.restartCount()).isEqualTo(1);
        assertThat(second.lastRestartAt()).isAfter(first.startedAt());
        assertThat(Procs.liveGroupMembers(first.pid())).isEmpty();
    }

    @Test
    void restartOfAStoppedProcessStartsItAgain() {
        supervisor.start(AppSpec.of("svc", "/bin/sleep", "30")).join();
        supervisor.stop("svc").join();
        ProcessInfo again = supervisor.restart("svc").join();
        assertThat(again.status()).isEqualTo(ProcessStatus.RUNNING);
    }

    @Test
    void deleteStopsTheGroupAndRemovesTheEntry() {
        ProcessInfo started = supervisor.start(AppSpec.of("gone", "/bin/sleep", "30")).join();
        supervisor.delete("gone").join();

        assertThat(supervisor.list().join()).isEmpty();
        assertThat(Procs.liveGroupMembers(started.pid())).isEmpty();
        assertThatThrownBy(() -> supervisor.info("gone").join()).hasCauseInstanceOf(SupervisorException.class)
                .cause().extracting(e -> ((VelosException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void idsGrowAndAreNotReused() {
        supervisor.start(AppSpec.of("a", "/bin/sleep", "30")).join();
        supervisor.delete("a").join();
        ProcessInfo b = supervisor.start(AppSpec.of("b", "/bin/sleep", "30")).join();
        assertThat(b.id()).isEqualTo(2);
    }

    @Test
    void startingARunningNameIsRefusedButAStoppedOneStartsAgain() {
        supervisor.start(AppSpec.of("dup", "/bin/sleep", "30")).join();
        assertThatThrownBy(() -> supervisor.start(AppSpec.of("dup", "/bin/sleep", "30")).join())
                .isInstanceOf(CompletionException.class).cause()
                .extracting(e -> ((VelosException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS);

        supervisor.stop("dup").join();
        ProcessInfo again = supervisor.start(AppSpec.of("dup", "/bin/sleep", "31")).join();
        assertThat(again.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(again.spec().args()).containsExactly("31");
        assertThat(supervisor.list().join()).hasSize(1);
    }

    @Test
    void exitCodeAndDeathBySignalAreTold() {
        supervisor.start(Procs.sh("code", "exit 7", Procs.NO_RESTART)).join();
        supervisor.start(Procs.sh("sig", "kill -KILL $$", Procs.NO_RESTART)).join();

        await().until(() -> recorder.events(ProcessEvent.Exited.class, "code").size() == 1
                && recorder.events(ProcessEvent.Exited.class, "sig").size() == 1);
        await().until(() -> supervisor.info("sig").join().status() == ProcessStatus.ERRORED);

        ProcessInfo code = supervisor.info("code").join();
        assertThat(code.lastExit()).isEqualTo(ExitStatus.exited(7));
        assertThat(code.status()).isEqualTo(ProcessStatus.ERRORED);
        ProcessInfo sig = supervisor.info("sig").join();
        assertThat(sig.lastExit()).isEqualTo(ExitStatus.killed(Signals.SIGKILL));
        assertThat(sig.lastExit().killedBySignal()).isTrue();
    }

    @Test
    void cleanExitWithoutAutorestartEndsStopped() {
        supervisor.start(Procs.sh("ok", "exit 0", Procs.NO_RESTART)).join();
        await().until(() -> recorder.events(ProcessEvent.Exited.class, "ok").size() == 1);
        await().until(() -> supervisor.info("ok").join().status() == ProcessStatus.STOPPED);
        assertThat(supervisor.info("ok").join().restartCount()).isZero();
    }

    @Test
    void signalReachesTheMainProcessWithoutChangingStatus() {
        supervisor.start(Procs.sh("usr", "trap 'echo got-usr1' USR1; echo ready; while true; do sleep 0.05; done",
                Procs.NO_RESTART)).join();
        await().until(() -> recorder.texts("usr").contains("ready"));

        supervisor.signal("usr", Signals.SIGUSR1).join();

        await().until(() -> recorder.texts("usr").contains("got-usr1"));
        assertThat(supervisor.info("usr").join().status()).isEqualTo(ProcessStatus.RUNNING);
    }

    @Test
    void signalToAStoppedProcessIsAClearError() {
        supervisor.start(AppSpec.of("quiet", "/bin/sleep", "30")).join();
        supervisor.stop("quiet").join();
        assertThatThrownBy(() -> supervisor.signal("quiet", Signals.SIGUSR1).join())
                .hasMessageContaining("is not running");
    }

    @Test
    void unknownNamesAreNotFound() {
        for (var call : List.<Runnable>of(() -> supervisor.stop("nope").join(), () -> supervisor.restart("nope").join(),
                () -> supervisor.delete("nope").join(), () -> supervisor.info("nope").join())) {
            assertThatThrownBy(call::run).hasMessageContaining("process 'nope' not found");
        }
    }

    @Test
    void listIsOrderedById() {
        supervisor.start(AppSpec.of("zeta", "/bin/sleep", "30")).join();
        supervisor.start(AppSpec.of("alpha", "/bin/sleep", "30")).join();
        assertThat(supervisor.list().join()).extracting(ProcessInfo::name).containsExactly("zeta", "alpha");
    }

    @Test
    void uptimeGrowsWhileRunning() {
        supervisor.start(AppSpec.of("up", "/bin/sleep", "30")).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> supervisor.info("up").join().uptimeMillis() >= 300);
    }

    @Test
    void closeStopsEveryProcess() {
        ProcessInfo a = supervisor.start(AppSpec.of("a", "/bin/sleep", "30")).join();
        ProcessInfo b = supervisor.start(Procs.sh("b", "sleep 30 & sleep 30; wait", RestartPolicy.DEFAULT)).join();
        supervisor.close();
        assertThat(Procs.liveGroupMembers(a.pid())).isEmpty();
        assertThat(Procs.liveGroupMembers(b.pid())).isEmpty();
        assertThatThrownBy(() -> supervisor.list().join()).hasMessageContaining("closed");
    }
}
