// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.HealthProbe;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProbeCheck;
import dev.velos.model.ProbeStatus;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Readiness and liveness probes (issue 19), each kind against something real. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProbesTest {
    /** Children of this JVM before the test (see {@link Procs#children()}). */
    private final Set<Integer> earlierChildren = Procs.children();
    private final Recorder recorder = new Recorder();
    private final Supervisor supervisor = recorder.attach(Supervisor.builder()).build();
    private TinyHttpServer server;

    @AfterEach
    void tearDown() throws Exception {
        supervisor.close();
        if (server != null) {
            server.close();
        }
    }

    private static AppSpec withProbes(AppSpec spec, HealthProbe readiness, HealthProbe liveness) {
        return spec.withOrchestration(spec.orchestration().withReadiness(readiness).withLiveness(liveness));
    }

    private static HealthProbe fast(ProbeCheck check) {
        return HealthProbe.of(check).withPeriod(Duration.ofMillis(100)).withTimeout(Duration.ofMillis(800));
    }

    private ProcessInfo info(String name) {
        return supervisor.info(name).join();
    }

    /**
     * The app keeps running but its health endpoint stops answering well: after failure_threshold
     * failed checks in a row the app is restarted with reason liveness, and the probe counts the failures.
     */
    @Test
    void anHttpLivenessProbeRestartsAnAppThatStopsAnswering() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        server = new TinyHttpServer(() -> healthy.get() ? 204 : 503);
        String url = server.url("/health");
        supervisor.start(withProbes(Procs.sh("api", "exec sleep 60", Procs.NO_RESTART), HealthProbe.NONE,
                fast(ProbeCheck.Http.of(url)).withFailureThreshold(3))).join();
        int firstPid = info("api").pid();
        await().until(() -> info("api").orchestration().liveness().state() == ProbeStatus.State.PASSING);
        assertThat(info("api").status()).isEqualTo(ProcessStatus.RUNNING);

        healthy.set(false);

        await().until(() -> !recorder.events(ProcessEvent.TriggeredRestart.class, "api").isEmpty());
        assertThat(recorder.events(ProcessEvent.TriggeredRestart.class, "api").getFirst().reason()).isEqualTo("liveness");
        await().until(() -> info("api").status() == ProcessStatus.RUNNING && info("api").pid() != firstPid);
        ProcessInfo after = info("api");
        assertThat(after.lastRestartReason()).isEqualTo("liveness");
        assertThat(after.orchestration().liveness().totalFailures()).isGreaterThanOrEqualTo(3);
        assertThat(recorder.orchestration(OrchestrationEvent.ProbeChanged.class, "api"))
                .anySatisfy(e -> assertThat(e.status().state()).isEqualTo(ProbeStatus.State.FAILING))
                .allSatisfy(e -> assertThat(e.kind()).isEqualTo("liveness"));
        assertThat(server.requests).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(r -> assertThat(r.line()).isEqualTo("GET /health HTTP/1.1"));
    }

    @Test
    void anExecReadinessProbeKeepsTheAppStartingUntilTheCommandSucceeds(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("ready.flag");
        supervisor.start(withProbes(Procs.sh("svc", "exec sleep 60", Procs.NO_RESTART),
                fast(new ProbeCheck.Exec(List.of("test", "-f", flag.toString()))), HealthProbe.NONE)).join();

        await().until(() -> info("svc").orchestration().readiness().consecutiveFailures() >= 2);
        ProcessInfo starting = info("svc");
        assertThat(starting.status()).isEqualTo(ProcessStatus.STARTING);
        assertThat(starting.orchestration().readiness().lastResult()).isEqualTo("exited with code 1");
        assertThat(recorder.events(ProcessEvent.Ready.class, "svc")).isEmpty();

        Files.writeString(flag, "ok");

        await().until(() -> info("svc").status() == ProcessStatus.RUNNING);
        assertThat(info("svc").orchestration().readiness().state()).isEqualTo(ProbeStatus.State.PASSING);
        assertThat(recorder.events(ProcessEvent.Ready.class, "svc")).singleElement()
                .satisfies(r -> assertThat(r.timedOut()).isFalse());
        // Every probe command was a real child and is reaped once its exit arrives (the result can be
        // read from its pipe just before): no zombie stays behind.
        await().atMost(Duration.ofSeconds(10)).until(() -> Procs.zombieChildren(earlierChildren).isEmpty());
    }

    @Test
    void anExecProbeThatHangsIsKilledAtItsTimeout() {
        supervisor.start(withProbes(Procs.sh("slow", "exec sleep 60", Procs.NO_RESTART),
                HealthProbe.of(new ProbeCheck.Exec(List.of("sleep", "30"))).withPeriod(Duration.ofMillis(100))
                        .withTimeout(Duration.ofMillis(300)), HealthProbe.NONE)).join();

        await().until(() -> info("slow").orchestration().readiness().consecutiveFailures() >= 2);

        assertThat(info("slow").orchestration().readiness().lastResult()).isEqualTo("timed out after 300 ms");
        assertThat(info("slow").status()).isEqualTo(ProcessStatus.STARTING);
    }

    @Test
    void reloadWaitsForTheNewGenerationsReadinessProbe(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("up");
        Files.writeString(flag, "");
        supervisor.start(withProbes(Procs.sh("web", "exec sleep 60", Procs.NO_RESTART),
                fast(new ProbeCheck.Exec(List.of("test", "-f", flag.toString()))), HealthProbe.NONE)).join();
        await().until(() -> info("web").status() == ProcessStatus.RUNNING);
        int oldPid = info("web").pid();
        Files.delete(flag);

        var reload = supervisor.reload("web");
        Thread.sleep(600);
        assertThat(reload).isNotDone();
        assertThat(info("web").pid()).isEqualTo(oldPid);
        Files.writeString(flag, "");

        assertThat(reload.join().pid()).isNotEqualTo(oldPid);
    }
}
