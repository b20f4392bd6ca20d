// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 25: {@code velos start <name>} starts an app velos already knows, with its stored
 * settings, as {@code pm2 start api} and {@code supervisorctl start api} do — from the CLI, REST
 * and MCP.
 */
class StartByNameEndToEndTest extends EndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private long pid(String name) {
        return velos.list().get(name).get("pid").asLong();
    }

    private String status(String name) {
        return velos.list().get(name).get("status_str").asText();
    }

    private String environ(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
    }

    private String cmdline(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
    }

    @Test
    void stopThenStartByNameKeepsTheSettingsAndGivesNewPids() throws IOException {
        Path app = script("worker.sh", "exec sleep 1000 \"$@\"");
        velos.ok("start", app.toString(), "--name", "worker", "--env-var", "MODE=blue", "-i", "2", "--", "7");
        await().atMost(WAIT).until(() -> pid("worker:0") > 0 && pid("worker:1") > 0);
        long before = pid("worker:0");
        velos.ok("stop", "worker");
        await().atMost(WAIT).until(() -> status("worker:0").equals("stopped") && status("worker:1").equals("stopped"));

        VelosCli.Result started = velos.ok("start", "worker");
        assertThat(started.out()).contains("Started 'worker:0'").contains("Started 'worker:1'");
        await().atMost(WAIT).until(() -> status("worker:0").equals("running") && status("worker:1").equals("running"));
        assertThat(velos.list()).as("no new app: the two instances, started again").hasSize(2);
        long after = pid("worker:0");
        assertThat(after).isPositive().isNotEqualTo(before);
        assertThat(environ(after)).contains("MODE=blue");
        assertThat(cmdline(after)).contains("1000\u00007");
        assertThat(velos.list().get("worker:0").get("restart_count").asInt()).as("a start, not a restart").isZero();

        VelosCli.Result again = velos.ok("start", "worker");
        assertThat(again.out()).contains("'worker:0' is already running").contains("pid " + after);
        assertThat(pid("worker:0")).as("a running app is left alone").isEqualTo(after);

        velos.ok("start", "worker:*");
        assertThat(pid("worker:0")).isEqualTo(after);
    }

    @Test
    void startAllAfterStopAll() throws IOException {
        velos.ok("start", script("a.sh", "exec sleep 1000").toString(), "--name", "a");
        velos.ok("start", script("b.sh", "exec sleep 1000").toString(), "--name", "b");
        await().atMost(WAIT).until(() -> pid("a") > 0 && pid("b") > 0);
        velos.ok("stop", "all");
        await().atMost(WAIT).until(() -> status("a").equals("stopped") && status("b").equals("stopped"));

        velos.ok("start", "all");
        await().atMost(WAIT).until(() -> status("a").equals("running") && status("b").equals("running"));
        JsonNode json = velos.ok("start", "all", "--json").json();
        assertThat(json).hasSize(2);
        json.forEach(n -> assertThat(n.get("already_running").asBoolean()).isTrue());
    }

    @Test
    void anErroredAppStartedByNameRunsAgainWithItsRestartCountAtZero() throws IOException {
        Path marker = apps.resolve("broken");
        Files.writeString(marker, "");
        Path app = script("flaky.sh", "[ -f '" + marker + "' ] && exit 3\nexec sleep 1000");
        velos.ok("start", app.toString(), "--name", "flaky", "--max-restarts", "2", "--restart-delay", "50");
        await().atMost(WAIT).until(() -> status("flaky").equals("errored"));
        assertThat(velos.list().get("flaky").get("restart_count").asInt()).isPositive();

        Files.delete(marker);
        velos.ok("start", "flaky");
        await().atMost(WAIT).until(() -> status("flaky").equals("running"));
        assertThat(velos.list().get("flaky").get("restart_count").asInt()).isZero();
    }

    @Test
    void aNameThatIsAlsoAFileStartsTheAppAndSaysHowToStartTheFile() throws IOException {
        velos.ok("start", script("api.sh", "exec sleep 1001").toString(), "--name", "api");
        await().atMost(WAIT).until(() -> pid("api") > 0);
        velos.ok("stop", "api");
        Path here = Files.createDirectories(apps.resolve("project"));
        Files.writeString(here.resolve("api"), "#!/bin/sh\nexec sleep 1002\n");
        here.resolve("api").toFile().setExecutable(true);

        VelosCli.Result r = Shell.run(List.of("env", "VELOS_HOME=" + velos.home, "NO_COLOR=1", "sh", "-c",
                "cd '" + here + "' && exec '" + VelosCli.LAUNCHER + "' start api"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Started 'api'");
        assertThat(r.err()).contains("'api' is also a file here; to start the file instead: velos start ./api");
        await().atMost(WAIT).until(() -> status("api").equals("running"));
        assertThat(velos.list()).hasSize(1);
        assertThat(cmdline(pid("api"))).as("the app's own script, not the file").contains("1001");
    }

    @Test
    void aWordThatIsNeitherSaysSoAndNamesTheCloseApps() throws IOException {
        velos.ok("start", script("payments.sh", "exec sleep 1000").toString(), "--name", "payments");
        VelosCli.Result r = velos.run("start", "paymnets");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("'paymnets' is neither an app velos knows nor a script")
                .contains("Did you mean the app 'payments'? velos start payments");
        assertThat(velos.list()).hasSize(1);
    }

    @Test
    void restAndMcpStartAKnownAppByName() throws Exception {
        Path marker = apps.resolve("broken");
        Files.writeString(marker, "");
        velos.ok("start", script("svc.sh", "[ -f '" + marker + "' ] && exit 3\nexec sleep 1000").toString(), "--name", "svc",
                "--max-restarts", "1", "--restart-delay", "50", "--env-var", "KEEP=yes");
        await().atMost(WAIT).until(() -> status("svc").equals("errored"));
        Files.delete(marker);

        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            String token = Files.readString(velos.home.resolve("api.token")).strip();
            Http.Reply r = Http.post(api.url("/api/v1/processes/svc/start"), "{}", "Authorization", "Bearer " + token,
                    "Content-Type", "application/json");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            await().atMost(WAIT).until(() -> status("svc").equals("running"));
            assertThat(velos.list().get("svc").get("restart_count").asInt()).isZero();
            assertThat(environ(pid("svc"))).contains("KEEP=yes");
        }

        velos.ok("stop", "svc");
        await().atMost(WAIT).until(() -> status("svc").equals("stopped"));
        try (McpSyncClient client = McpClients.stdio(velos, McpClients.plain())) {
            JsonNode started = McpEndToEndTest.ok(client, "process_start", Map.of("name", "svc"));
            assertThat(started.get("name").asText()).isEqualTo("svc");
            assertThat(started.get("already_running").asBoolean()).isFalse();
            await().atMost(WAIT).until(() -> status("svc").equals("running"));
            assertThat(environ(pid("svc"))).contains("KEEP=yes");
            JsonNode again = McpEndToEndTest.ok(client, "process_start", Map.of("name", "svc"));
            assertThat(again.get("already_running").asBoolean()).isTrue();
        }
        assertThat(velos.list()).hasSize(1);
    }
}
