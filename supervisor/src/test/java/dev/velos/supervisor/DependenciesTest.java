// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.DependencyCondition;
import dev.velos.model.ErrorCode;
import dev.velos.model.HealthProbe;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProbeCheck;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** depends_on (issue 19): start order, waiting with a reason, refused graphs, dependents stopped first. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DependenciesTest {
    private final Recorder recorder = new Recorder();
    private Supervisor supervisor = recorder.attach(Supervisor.builder()).build();

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    static AppSpec app(String name, String script, Map<String, DependencyCondition> deps) {
        AppSpec spec = Procs.sh(name, script, Procs.NO_RESTART);
        return spec.withOrchestration(spec.orchestration().withDependsOn(deps));
    }

    private ProcessInfo info(String name) {
        return supervisor.info(name).join();
    }

    @Test
    void anAppThatNeedsAHealthyTcpServerStartsOnlyOnceItListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free now; the "database" below listens on it later
        }
        AppSpec db = Procs.sh("db", "exec sleep 60", Procs.NO_RESTART);
        db = db.withOrchestration(db.orchestration().withReadiness(HealthProbe.of(new ProbeCheck.Tcp("127.0.0.1", port))
                .withPeriod(Duration.ofMillis(100)).withTimeout(Duration.ofMillis(500))));
        List<StartResult> results = supervisor.startAll(List.of(db, app("api", "echo api-up; exec sleep 60",
                Map.of("db", DependencyCondition.HEALTHY)))).join();

        assertThat(results).allMatch(r -> r instanceof StartResult.Started);
        await().until(() -> info("api").status() == ProcessStatus.WAITING
                && info("api").orchestration().waitingReason().contains("'db'"));
        assertThat(info("db").status()).isEqualTo(ProcessStatus.STARTING);
        Thread.sleep(500);
        assertThat(recorder.events(ProcessEvent.Started.class, "api")).isEmpty();

        Instant listening;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            listening = Instant.now();
            await().until(() -> info("api").status() == ProcessStatus.RUNNING);
        }
        assertThat(info("db").status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(info("db").orchestration().readiness().state().wireName()).isEqualTo("passing");
        assertThat(recorder.events(ProcessEvent.Started.class, "api")).singleElement()
                .satisfies(s -> assertThat(s.at()).isAfterOrEqualTo(listening.minusMillis(5)));
        assertThat(info("api").orchestration().waitingReason()).isEmpty();
    }

    @Test
    void aMigrationThatMustCompleteGatesTheWebApp() {
        supervisor.startAll(List.of(
                Procs.sh("migrate", "sleep 0.5; echo migrated", Procs.NO_RESTART),
                app("web", "echo web-up; exec sleep 60", Map.of("migrate", DependencyCondition.COMPLETED_SUCCESSFULLY)))).join();

        assertThat(info("web").status()).isEqualTo(ProcessStatus.WAITING);
        assertThat(info("web").orchestration().waitingReason()).contains("'migrate'", "completed successfully");
        await().until(() -> info("web").status() == ProcessStatus.RUNNING);
        ProcessEvent.Exited migrated = recorder.events(ProcessEvent.Exited.class, "migrate").getFirst();
        assertThat(recorder.events(ProcessEvent.Started.class, "web").getFirst().at()).isAfterOrEqualTo(migrated.at());
        assertThat(recorder.texts("migrate")).contains("migrated");
    }

    @Test
    void aFailingMigrationLeavesTheWebAppWaitingWithTheReason() throws Exception {
        supervisor.startAll(List.of(
                Procs.sh("migrate", "echo boom; exit 3", Procs.NO_RESTART),
                app("web", "exec sleep 60", Map.of("migrate", DependencyCondition.COMPLETED_SUCCESSFULLY)))).join();

        await().until(() -> info("migrate").status() == ProcessStatus.ERRORED);
        await().until(() -> info("web").orchestration().waitingReason().contains("exited with code 3"));
        Thread.sleep(300);
        ProcessInfo web = info("web");
        assertThat(web.status()).isEqualTo(ProcessStatus.WAITING);
        assertThat(web.orchestration().waitingReason()).isEqualTo(
                "waiting for 'migrate' to be completed successfully: it failed: exited with code 3");
        assertThat(recorder.events(ProcessEvent.Started.class, "web")).isEmpty();
        assertThat(recorder.orchestration(OrchestrationEvent.Waiting.class, "web")).isNotEmpty();
    }

    @Test
    void aCycleIsRefusedNamingItsAppsAndNothingStarts() {
        List<StartResult> results = supervisor.startAll(List.of(
                app("a", "exec sleep 60", Map.of("b", DependencyCondition.STARTED)),
                app("b", "exec sleep 60", Map.of("c", DependencyCondition.HEALTHY)),
                app("c", "exec sleep 60", Map.of("a", DependencyCondition.STARTED)),
                Procs.sh("free", "exec sleep 60", Procs.NO_RESTART))).join();

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(StartResult.Failed.class, f -> {
            assertThat(f.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(f.error().getMessage()).contains("dependency cycle: a -> b -> c -> a");
        }));
        assertThat(supervisor.list().join()).isEmpty();
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void aCycleThroughAnAppAlreadyThereAndAnUnknownNameAreRefused() {
        supervisor.register(app("x", "exec sleep 60", Map.of("y", DependencyCondition.STARTED))).join();

        assertThatThrownBy(() -> supervisor.start(app("y", "exec sleep 60", Map.of("x", DependencyCondition.STARTED))).join())
                .hasCauseInstanceOf(VelosException.class).hasMessageContaining("dependency cycle: x -> y -> x");
        assertThatThrownBy(() -> supervisor.start(app("z", "exec sleep 60", Map.of("nope", DependencyCondition.STARTED))).join())
                .hasMessageContaining("depends on 'nope', which does not exist");
        assertThat(supervisor.list().join()).extracting(ProcessInfo::name).containsExactly("x");
    }

    @Test
    void shutdownStopsDependentsFirst() {
        Map<String, DependencyCondition> onDb = new LinkedHashMap<>();
        onDb.put("db", DependencyCondition.STARTED);
        supervisor.startAll(List.of(
                Procs.sh("db", "trap 'sleep 0.2; exit 0' TERM; while :; do sleep 0.1; done", Procs.NO_RESTART),
                app("api", "trap 'sleep 0.3; exit 0' TERM; while :; do sleep 0.1; done", onDb),
                app("worker", "trap 'exit 0' TERM; while :; do sleep 0.1; done", Map.of("api", DependencyCondition.STARTED))))
                .join();
        await().until(() -> supervisor.list().join().stream().allMatch(p -> p.status() == ProcessStatus.RUNNING));

        supervisor.close();

        Instant workerGone = recorder.events(ProcessEvent.Exited.class, "worker").getFirst().at();
        Instant apiGone = recorder.events(ProcessEvent.Exited.class, "api").getFirst().at();
        Instant dbGone = recorder.events(ProcessEvent.Exited.class, "db").getFirst().at();
        assertThat(workerGone).isBefore(apiGone);
        assertThat(apiGone).isBefore(dbGone);
        List<String> stopOrder = recorder.events.stream().filter(e -> e instanceof ProcessEvent.Stopped).map(ProcessEvent::name)
                .toList();
        assertThat(stopOrder).containsExactly("worker", "api", "db");
    }

    @Test
    void stopAllOfSomeAppsStopsTheirDependentsFirstAndWaitingAppsJustStop() {
        supervisor.startAll(List.of(
                Procs.sh("db", "trap 'sleep 0.2; exit 0' TERM; while :; do sleep 0.1; done", Procs.NO_RESTART),
                app("api", "trap 'sleep 0.2; exit 0' TERM; while :; do sleep 0.1; done", Map.of("db", DependencyCondition.STARTED)),
                Procs.sh("cache", "exec sleep 60", Procs.NO_RESTART))).join();
        supervisor.stop("cache").join();
        supervisor.start(app("later", "exec sleep 60", Map.of("cache", DependencyCondition.HEALTHY))).join();
        await().until(() -> info("api").status() == ProcessStatus.RUNNING);
        assertThat(info("later").status()).isEqualTo(ProcessStatus.WAITING);
        assertThat(info("later").orchestration().waitingReason()).isEqualTo("waiting for 'cache' to be healthy: it is stopped");

        List<ProcessInfo> stopped = supervisor.stopAll(List.of("db", "later", "api")).join();

        assertThat(stopped).extracting(ProcessInfo::status).containsOnly(ProcessStatus.STOPPED);
        assertThat(recorder.events.stream().filter(e -> e instanceof ProcessEvent.Stopped).map(ProcessEvent::name).toList())
                .containsExactly("cache", "later", "api", "db");
        assertThat(info("later").orchestration().waitingReason()).isEmpty();
    }
}
