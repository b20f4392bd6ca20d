// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.Hook;
import dev.velos.model.HookEvent;
import dev.velos.model.Hooks;
import dev.velos.model.LogLine;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartPolicy;
import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** on_crash, on_errored, on_restart, on_ready and webhook (issue 19), to a real command and a real HTTP server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HooksTest {
    /** Children of this JVM before the test (see {@link Procs#children()}). */
    private final Set<Integer> earlierChildren = Procs.children();
    private final Recorder recorder = new Recorder();
    /** What the daemon will add: the app's last log lines (here from the recorder). */
    private final HookPayload lastLines = context -> Map.of("logs", recorder.lines.stream()
            .filter(l -> l.name().equals(context.app())).map(LogLine::text).toList());
    private final Supervisor supervisor = recorder.attach(Supervisor.builder().hookPayload(lastLines)).build();
    private TinyHttpServer server;

    @AfterEach
    void tearDown() throws Exception {
        supervisor.close();
        if (server != null) {
            server.close();
        }
    }

    private static AppSpec withHooks(AppSpec spec, Hooks hooks) {
        return spec.withOrchestration(spec.orchestration().withHooks(hooks));
    }

    @Test
    void anOnCrashCommandGetsTheEventInItsEnvironment(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("hook.out");
        Hook command = new Hook.Command(List.of("sh", "-c", "echo \"$VELOS_APP $VELOS_EVENT $VELOS_EXIT_CODE\" > " + out
                + "; printf '%s' \"$VELOS_HOOK_JSON\" > " + out + ".json"));
        supervisor.start(withHooks(Procs.sh("crasher", "echo about to fail; sleep 0.2; exit 7", Procs.NO_RESTART),
                Hooks.NONE.with(HookEvent.CRASH, command))).join();

        await().until(() -> !recorder.orchestration(OrchestrationEvent.HookFinished.class, "crasher").isEmpty());

        assertThat(recorder.orchestration(OrchestrationEvent.HookFinished.class, "crasher")).singleElement().satisfies(h -> {
            assertThat(h.ok()).as(h.detail()).isTrue();
            assertThat(h.event()).isEqualTo(HookEvent.CRASH);
        });
        assertThat(Files.readString(out).strip()).isEqualTo("crasher crash 7");
        assertThat(Files.readString(Path.of(out + ".json"))).contains("\"event\":\"crash\"", "\"exit_code\":7",
                "\"logs\":[\"about to fail\"]");
    }

    @Test
    void aWebhookReceivesTheEventWithLogLinesAsJson() throws Exception {
        server = new TinyHttpServer(() -> 200);
        supervisor.start(withHooks(Procs.sh("api", "echo line one; echo 'line \"two\"'; sleep 0.2; exit 2", Procs.NO_RESTART),
                Hooks.NONE.withWebhook(Hook.Webhook.of(server.url("/hook"))))).join();

        await().until(() -> recorder.orchestration(OrchestrationEvent.HookFinished.class, "api").size() >= 3);

        // ready at the spawn, then crash and errored (no restart): one POST each.
        assertThat(server.requests).extracting(TinyHttpServer.Request::line).containsOnly("POST /hook HTTP/1.1");
        assertThat(server.requests).extracting(r -> r.body().replaceAll(".*\"event\":\"([a-z]+)\".*", "$1"))
                .containsExactlyInAnyOrder("ready", "crash", "errored");
        assertThat(server.requests).filteredOn(r -> r.body().contains("\"event\":\"crash\"")).singleElement()
                .satisfies(r -> assertThat(r.body()).startsWith("{\"app\":\"api\"").contains("\"exit_code\":2",
                        "\"logs\":[\"line one\",\"line \\\"two\\\"\"]"));
    }

    @Test
    void onRestartAndOnErroredFireForACrashLoop(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("events");
        Hook append = new Hook.Command(List.of("sh", "-c", "echo $VELOS_EVENT >> " + log));
        AppSpec spec = Procs.sh("loop", "exit 1", RestartPolicy.DEFAULT.withMaxRestarts(3));
        supervisor.start(withHooks(spec, Hooks.NONE.with(HookEvent.RESTART, append).with(HookEvent.ERRORED, append))).join();

        await().until(() -> supervisor.info("loop").join().status() == ProcessStatus.ERRORED
                && recorder.orchestration(OrchestrationEvent.HookFinished.class, "loop").size() == 3);

        assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("restart", "restart", "errored");
    }

    @Test
    void aSlowOrFailingHookNeverDelaysTheSupervisorAndIsReported() {
        Hook slow = new Hook.Command(List.of("sleep", "30"));
        Hook missing = new Hook.Command(List.of("no-such-hook-command-velos"));
        supervisor.start(withHooks(Procs.sh("svc", "exec sleep 60", Procs.NO_RESTART),
                Hooks.NONE.with(HookEvent.READY, slow).withWebhook(Hook.Webhook.of("http://127.0.0.1:1/unreachable"))
                        .withTimeout(Duration.ofMillis(400)))).join();
        supervisor.start(withHooks(Procs.sh("svc2", "exec sleep 60", Procs.NO_RESTART),
                Hooks.NONE.with(HookEvent.READY, missing))).join();

        // The loop answers while the hooks run.
        assertThat(supervisor.list().join()).hasSize(2);
        await().until(() -> recorder.orchestration(OrchestrationEvent.HookFinished.class, "svc").size() == 2
                && recorder.orchestration(OrchestrationEvent.HookFinished.class, "svc2").size() == 1);

        assertThat(recorder.orchestration(OrchestrationEvent.HookFinished.class, "svc")).allSatisfy(h -> assertThat(h.ok()).isFalse())
                .anySatisfy(h -> assertThat(h.detail()).isEqualTo("timed out after 400 ms"));
        assertThat(recorder.orchestration(OrchestrationEvent.HookFinished.class, "svc2")).singleElement()
                .satisfies(h -> assertThat(h.detail()).contains("not found"));
        // The timed-out hook is reported when it is killed; the loop reaps it when its exit arrives.
        await().atMost(Duration.ofSeconds(10)).until(() -> Procs.zombieChildren(earlierChildren).isEmpty());
    }

    @Test
    void closingTheSupervisorKillsAndReapsTheHooksStillRunning(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("hook.pid");
        Hook slow = new Hook.Command(List.of("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 30"));
        supervisor.start(withHooks(Procs.sh("svc", "exec sleep 60", Procs.NO_RESTART),
                Hooks.NONE.with(HookEvent.READY, slow).withTimeout(Duration.ofSeconds(50)))).join();
        await().until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        int hook = Integer.parseInt(Files.readString(pidFile).strip());

        supervisor.close();

        assertThat(ProcFs.stat(hook)).as("the hook is killed and reaped, neither running nor a zombie").isEmpty();
        assertThat(Procs.zombieChildren(earlierChildren)).isEmpty();
    }
}
