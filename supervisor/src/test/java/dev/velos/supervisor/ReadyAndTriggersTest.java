// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.ReadyPolicy;
import dev.velos.model.RestartTriggers;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/** The ready/shutdown channel at VELOS_IPC_FD (REFERENCE §4), the memory limit and cron schedules. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadyAndTriggersTest {
    private final Recorder recorder = new Recorder();
    private Supervisor supervisor;

    @BeforeEach
    void setUp() {
        supervisor = recorder.attach(Supervisor.builder().samplingInterval(Duration.ofMillis(200))).build();
    }

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    private static AppSpec sh(String name, String script, ReadyPolicy ready) {
        return AppSpec.builder(name, "/bin/sh").args(List.of("-c", script)).restart(Procs.NO_RESTART).ready(ready).build();
    }

    @Test
    void waitReadyIsStartingUntilTheFramedMessageArrives() {
        ProcessInfo started = supervisor.start(sh("ready", "echo fd=$VELOS_IPC_FD; sleep 0.6; "
                + "printf '\\005\\000\\000\\000ready' >&3; exec sleep 30", new ReadyPolicy(true, Duration.ofSeconds(20), false)))
                .join();
        assertThat(started.status()).isEqualTo(ProcessStatus.STARTING);
        await().until(() -> supervisor.info("ready").join().status() == ProcessStatus.RUNNING);
        assertThat(recorder.events(ProcessEvent.Ready.class, "ready")).singleElement()
                .satisfies(e -> assertThat(e.timedOut()).isFalse());
        assertThat(recorder.texts("ready")).contains("fd=3");
    }

    @Test
    void theListenTimeoutMakesItRunningAnyway() {
        supervisor.start(sh("silent", "exec sleep 30", new ReadyPolicy(true, Duration.ofMillis(300), false))).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> supervisor.info("silent").join().status() == ProcessStatus.RUNNING);
        assertThat(recorder.events(ProcessEvent.Ready.class, "silent")).singleElement()
                .satisfies(e -> assertThat(e.timedOut()).isTrue());
    }

    @Test
    void theShutdownMessageReplacesSigterm() {
        supervisor.start(sh("polite", "trap 'echo got-term; exit 1' TERM; echo listening; "
                + "msg=$(dd bs=1 count=23 <&3 2>/dev/null | tail -c 19); echo \"msg=$msg\"; exit 0",
                new ReadyPolicy(false, Duration.ofSeconds(8), true))).join();
        await().until(() -> recorder.texts("polite").contains("listening"));

        ProcessInfo stopped = supervisor.stop("polite").join();

        assertThat(recorder.texts("polite")).contains("msg={\"type\":\"shutdown\"}").doesNotContain("got-term");
        assertThat(stopped.status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(stopped.lastExit().code()).isZero();
    }

    @Test
    void anAppOverItsMemoryLimitIsRestartedAndTheReasonRecorded() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 to allocate memory");
        AppSpec hungry = AppSpec.builder("hungry", "/usr/bin/python3")
                .args(List.of("-c", "b = bytearray(200 * 1024 * 1024); import time; time.sleep(60)"))
                .triggers(new RestartTriggers(50L * 1024 * 1024, "")).build();
        supervisor.start(hungry).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.events(ProcessEvent.TriggeredRestart.class, "hungry")
                .isEmpty());
        await().until(() -> supervisor.info("hungry").join().restartCount() >= 1);
        ProcessInfo info = supervisor.info("hungry").join();
        assertThat(info.lastRestartReason()).isEqualTo("memory");
        assertThat(recorder.events(ProcessEvent.TriggeredRestart.class, "hungry").get(0).reason()).isEqualTo("memory");
    }

    @Test
    void anInvalidCronExpressionIsRefusedWithTheParsersMessage() {
        AppSpec spec = AppSpec.builder("cronny", "/bin/sleep").args(List.of("30"))
                .triggers(new RestartTriggers(0, "61 * * * *")).build();
        assertThatThrownBy(() -> supervisor.check(spec)).isInstanceOf(SupervisorException.class)
                .hasMessageContaining("invalid cron_restart '61 * * * *'")
                .extracting(e -> ((VelosException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> supervisor.start(spec).join()).hasMessageContaining("invalid cron_restart");
    }

    @Test
    void cronSchedulesFollowUnixSemanticsInTheLocalZone() {
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 26, 10, 15, 30, 0, ZoneId.systemDefault());
        assertThat(CronSchedule.parse("a", "* * * * *").untilNext(now)).contains(Duration.ofSeconds(30));
        assertThat(CronSchedule.parse("a", "0 3 * * *").untilNext(now)).contains(Duration.ofHours(16).plusMinutes(44)
                .plusSeconds(30));
        assertThat(CronSchedule.parse("a", "@hourly").untilNext(now)).contains(Duration.ofMinutes(44).plusSeconds(30));
        assertThat(CronSchedule.parse("a", "0 9 * * MON").untilNext(now)).isPresent();
        // Classic cron: when both day fields are restricted, either one matching is enough (Mon 30 Nov here).
        assertThat(CronSchedule.parse("a", "0 0 1 * MON").untilNext(now)).contains(Duration.ofDays(3).plusHours(13)
                .plusMinutes(44).plusSeconds(30));
    }

    @Test
    void aChangeInASubdirectoryRestartsAfterTheQuietPeriodButNodeModulesDoesNot(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Files.createDirectories(dir.resolve("src/deep"));
        Files.createDirectories(dir.resolve("node_modules/pkg"));
        AppSpec spec = AppSpec.builder("watched", "/bin/sleep").args(List.of("300")).cwd(dir)
                .triggers(new RestartTriggers(0, "", new dev.velos.model.WatchPolicy(true, List.of(), List.of(),
                        Duration.ofMillis(300)))).build();
        supervisor.start(spec).join();

        Files.writeString(dir.resolve("node_modules/pkg/index.js"), "changed");
        Thread.sleep(900);
        assertThat(recorder.events(ProcessEvent.TriggeredRestart.class, "watched")).isEmpty();

        Files.writeString(dir.resolve("src/deep/app.js"), "changed");
        Files.writeString(dir.resolve("src/deep/app.js"), "changed again");
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.info("watched").join().restartCount() == 1);
        assertThat(recorder.events(ProcessEvent.TriggeredRestart.class, "watched")).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("watch"));
        assertThat(supervisor.info("watched").join().lastRestartReason()).isEqualTo("watch");
    }

    @Test
    void anUnmodifiedSystemdStyleAppSignalsReadinessThroughNotifySocket() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 for the sd_notify client");
        String app = "import os, socket, time\n"
                + "time.sleep(0.5)\n"
                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                + "s.connect(os.environ['NOTIFY_SOCKET'])\n"
                + "s.send(b'STATUS=warming up\\nREADY=1')\n"
                + "time.sleep(60)\n";
        AppSpec spec = AppSpec.builder("sd", "/usr/bin/python3").args(List.of("-c", app)).restart(Procs.NO_RESTART)
                .ready(new ReadyPolicy(true, Duration.ofSeconds(20), false)).build();
        assertThat(supervisor.start(spec).join().status()).isEqualTo(ProcessStatus.STARTING);
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.info("sd").join().status() == ProcessStatus.RUNNING);
        assertThat(recorder.events(ProcessEvent.Ready.class, "sd")).singleElement()
                .satisfies(e -> assertThat(e.timedOut()).isFalse());
        assertThat(supervisor.info("sd").join().statusText()).isEqualTo("warming up");
    }

    @Test
    void notifyDatagramsAreParsedAsKeyValueLines() {
        assertThat(NotifySocket.parse("READY=1\nSTATUS=serving 3 clients\nbogus\n")).containsEntry("READY", "1")
                .containsEntry("STATUS", "serving 3 clients").hasSize(2);
    }

    @Test
    void anAppThatStopsPingingItsWatchdogIsRestarted() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 for the sd_notify client");
        String app = "import os, socket, time\n"
                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                + "s.connect(os.environ['NOTIFY_SOCKET'])\n"
                + "print('usec=' + os.environ['WATCHDOG_USEC'], flush=True)\n"
                + "s.send(b'READY=1')\n"
                + "for i in range(5):\n"
                + "    time.sleep(0.1)\n"
                + "    s.send(b'WATCHDOG=1')\n"
                + "time.sleep(60)\n";
        AppSpec spec = AppSpec.builder("dog", "/usr/bin/python3").args(List.of("-c", app)).restart(Procs.NO_RESTART)
                .ready(new ReadyPolicy(true, Duration.ofSeconds(20), false, Duration.ofMillis(400))).build();
        supervisor.start(spec).join();
        await().atMost(Duration.ofSeconds(15)).until(() -> supervisor.info("dog").join().restartCount() >= 1);
        assertThat(supervisor.info("dog").join().lastRestartReason()).isEqualTo("watchdog");
        assertThat(recorder.texts("dog")).contains("usec=400000");
    }
}
