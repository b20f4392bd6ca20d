// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartPolicy;
import dev.velos.sys.Signals;
import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stops act on whole process groups, with SIGKILL after the kill timeout. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessGroupTest {
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
    void stopOfAShellWithBackgroundSleepsLeavesNoMemberOfTheGroupAlive() {
        ProcessInfo info = supervisor.start(Procs.sh("bg", "sleep 300 & sleep 300 & echo started; wait",
                RestartPolicy.DEFAULT)).join();
        await().until(() -> recorder.texts("bg").contains("started"));
        assertThat(Procs.liveGroupMembers(info.pid())).hasSizeGreaterThanOrEqualTo(3);

        supervisor.stop("bg").join();

        assertThat(Procs.liveGroupMembers(info.pid())).isEmpty();
    }

    @Test
    void membersLeftBehindByAnExitingLeaderAreTornDownBeforeTheRestart() {
        ProcessInfo info = supervisor.start(Procs.sh("leaky", "sleep 300 & echo spawned; sleep 0.2; exit 1",
                RestartPolicy.DEFAULT.withMaxRestarts(1))).join();

        await().until(() -> !recorder.events(ProcessEvent.CrashLoop.class, "leaky").isEmpty());
        assertThat(Procs.liveGroupMembers(info.pid())).isEmpty();
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledAfterTheKillTimeout() {
        RestartPolicy policy = RestartPolicy.DEFAULT.withKillTimeout(Duration.ofMillis(700));
        ProcessInfo info = supervisor.start(Procs.sh("stubborn",
                "trap '' TERM; echo ready; while true; do sleep 0.1; done", policy)).join();
        await().until(() -> recorder.texts("stubborn").contains("ready"));

        long begin = System.nanoTime();
        ProcessInfo stopped = supervisor.stop("stubborn").join();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

        assertThat(tookMillis).isGreaterThanOrEqualTo(700);
        assertThat(stopped.lastExit()).isEqualTo(ExitStatus.killed(Signals.SIGKILL));
        assertThat(stopped.status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(Procs.liveGroupMembers(info.pid())).isEmpty();
    }

    @Test
    void restartNeverRunsTwoGenerationsAtOnce() {
        RestartPolicy policy = RestartPolicy.DEFAULT.withKillTimeout(Duration.ofMillis(500));
        ProcessInfo first = supervisor.start(Procs.sh("single",
                "trap '' TERM; echo ready; while true; do sleep 0.1; done", policy)).join();
        await().until(() -> recorder.texts("single").contains("ready"));

        ProcessInfo second = supervisor.restart("single").join();

        // By the time the new generation runs, the old group (which ignored SIGTERM) is gone.
        assertThat(ProcFs.stat(first.pid())).isEmpty();
        assertThat(Procs.liveGroupMembers(first.pid())).isEmpty();
        assertThat(second.pid()).isNotEqualTo(first.pid());
        var exited = recorder.events(ProcessEvent.Exited.class, "single").get(0);
        var restarted = recorder.events(ProcessEvent.Started.class, "single").get(1);
        assertThat(restarted.at()).isAfterOrEqualTo(exited.at());
    }

    @Test
    void spawnedChildIsItsOwnSessionAndGroupLeader() {
        ProcessInfo info = supervisor.start(dev.velos.model.AppSpec.of("leader", "/bin/sleep", "30")).join();
        var stat = ProcFs.stat(info.pid()).orElseThrow();
        assertThat(stat.pgrp()).isEqualTo(info.pid());
        assertThat(stat.session()).isEqualTo(info.pid());
    }
}
