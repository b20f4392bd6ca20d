// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ExitStatus;
import dev.velos.model.JobRun;
import dev.velos.model.JobSchedule;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.Overlap;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartTriggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled jobs (issue 19): {@code cron} starts a job at each firing even after it exited. The
 * supervisor runs on a clock the test moves to 0.6 s before each minute (as CronClockTest does),
 * so "the next minute" comes in under a second.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScheduledJobsTest {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final Instant NOON = LocalDate.of(2026, 6, 1).atTime(LocalTime.NOON).atZone(ZONE).toInstant();

    private final Recorder recorder = new Recorder();
    private final MovableClock clock = new MovableClock(NOON.plusSeconds(20), ZONE);
    private final Supervisor supervisor = recorder.attach(Supervisor.builder().clock(clock)).build();

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    private static AppSpec job(String name, String script, Overlap overlap) {
        AppSpec spec = Procs.sh(name, script, Procs.NO_RESTART);
        return spec.withOrchestration(spec.orchestration().withSchedule(new JobSchedule("* * * * *", overlap)));
    }

    /** Sets the clock to 0.6 s before minute {@code minute} after noon, so that minute fires soon. */
    private void justBeforeMinute(int minute) {
        clock.set(NOON.plusSeconds(60L * minute).minusMillis(600));
        supervisor.simulateClockChange().join();
    }

    private ProcessInfo info(String name) {
        return supervisor.info(name).join();
    }

    @Test
    void aJobThatExitedRunsAgainAtEachFiringAndKeepsItsRuns() {
        supervisor.start(job("report", "echo run; exit 0", Overlap.SKIP)).join();
        await().until(() -> info("report").status() == ProcessStatus.STOPPED && info("report").lastExit().isKnown());

        justBeforeMinute(1);
        await().until(() -> recorder.events(ProcessEvent.Exited.class, "report").size() == 2);
        justBeforeMinute(2);
        await().until(() -> recorder.events(ProcessEvent.Exited.class, "report").size() == 3);
        await().until(() -> info("report").orchestration().runs().size() == 3
                && info("report").orchestration().runs().getLast().outcome().equals("ran"));

        List<JobRun> runs = info("report").orchestration().runs();
        assertThat(runs).extracting(JobRun::trigger).containsExactly("start", "cron", "cron");
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.outcome()).isEqualTo("ran");
            assertThat(run.exit()).isEqualTo(ExitStatus.exited(0));
            assertThat(run.end()).isAfterOrEqualTo(run.start());
        });
        assertThat(recorder.texts("report")).containsExactly("run", "run", "run");
        assertThat(info("report").status()).isEqualTo(ProcessStatus.STOPPED);
    }

    @Test
    void overlapSkipSkipsAFiringWhileARunIsStillGoing() {
        supervisor.start(job("long", "echo started; exec sleep 30", Overlap.SKIP)).join();
        int pid = info("long").pid();

        justBeforeMinute(1);
        await().until(() -> !recorder.orchestration(OrchestrationEvent.ScheduledRun.class, "long").isEmpty());

        assertThat(recorder.orchestration(OrchestrationEvent.ScheduledRun.class, "long")).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("skipped"));
        assertThat(info("long").pid()).isEqualTo(pid);
        assertThat(info("long").orchestration().runs()).extracting(JobRun::outcome).containsExactly("running", "skipped");
        assertThat(recorder.events(ProcessEvent.Started.class, "long")).hasSize(1);
    }

    @Test
    void overlapQueueRunsOnceMoreAfterTheRunningOne() {
        supervisor.start(job("queued", "sleep 1; echo done", Overlap.QUEUE)).join();

        justBeforeMinute(1);

        await().until(() -> recorder.events(ProcessEvent.Exited.class, "queued").size() == 2);
        assertThat(info("queued").orchestration().runs()).extracting(JobRun::trigger).containsExactly("start", "queued");
    }

    @Test
    void overlapReplaceStopsTheRunningOneAndStartsAnother() {
        supervisor.start(job("replaced", "exec sleep 30", Overlap.REPLACE)).join();
        int pid = info("replaced").pid();

        justBeforeMinute(1);

        await().until(() -> info("replaced").pid() != pid && info("replaced").status() == ProcessStatus.RUNNING);
        assertThat(recorder.events(ProcessEvent.Exited.class, "replaced").getFirst().stopRequested()).isTrue();
        assertThat(info("replaced").orchestration().runs()).extracting(JobRun::trigger).containsExactly("start", "cron");
    }

    @Test
    void runNowStartsAJobAtOnce() {
        supervisor.start(job("adhoc", "echo ran; exit 0", Overlap.SKIP)).join();
        await().until(() -> recorder.events(ProcessEvent.Exited.class, "adhoc").size() == 1);

        supervisor.runNow("adhoc").join();

        await().until(() -> recorder.events(ProcessEvent.Exited.class, "adhoc").size() == 2);
        assertThat(info("adhoc").orchestration().runs()).extracting(JobRun::trigger).containsExactly("start", "run-now");
    }

    @Test
    void aJobCannotAlsoHaveCronRestart() {
        AppSpec spec = job("both", "true", Overlap.SKIP);
        assertThatThrownBy(() -> spec.toBuilder().triggers(new RestartTriggers(0, "* * * * *")).build())
                .hasMessageContaining("cron_restart and cron cannot both be set");
        AppSpec bad = spec.withOrchestration(spec.orchestration().withSchedule(new JobSchedule("61 * * * *", Overlap.SKIP)));
        assertThatThrownBy(() -> supervisor.start(bad).join()).hasMessageContaining("invalid cron");
    }
}
