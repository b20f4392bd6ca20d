// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18: {@code velos apply} touches only what changed — an unchanged file leaves every pid as
 * it was (also through {@code start --config}), a changed env restarts that app alone,
 * {@code --prune} removes an app the file no longer has, {@code --dry-run} changes nothing.
 */
class ApplyEndToEndTest extends EndToEndTest {
    private Path file;

    @BeforeEach
    void twoApps() throws Exception {
        script("app.sh", "echo \"app $* mode=$MODE\"\nwhile :; do sleep 1; done");
        file = apps.resolve("velos.toml");
        write("dev", true);
    }

    private void write(String mode, boolean withWorker) throws Exception {
        Files.writeString(file, """
                [apps.api]
                script = "app.sh"
                args = ["--api"]
                kill_timeout = "2s"

                [apps.api.env]
                MODE = "%s"
                """.formatted(mode) + (withWorker ? """

                [apps.worker]
                script = "app.sh"
                args = ["--worker"]
                instances = 2

                [apps.worker.env]
                MODE = "work"
                """ : ""));
    }

    private Map<String, Long> applyAndWait(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "apply";
        args[1] = file.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        velos.ok(args);
        await().atMost(Duration.ofSeconds(20)).until(() -> velos.list().values().stream()
                .allMatch(n -> n.get("status_str").asText().equals("running")));
        return RunningProcesses.pids(velos);
    }

    @Test
    void anUnchangedFileLeavesEveryPidAsItWas() {
        Map<String, Long> first = applyAndWait();
        assertThat(first).containsOnlyKeys("api", "worker:0", "worker:1");
        VelosCli.Result again = velos.ok("apply", file.toString());
        assertThat(again.out()).contains("= api", "= worker", "0 new, 0 changed, 2 unchanged, 0 removed");
        assertThat(RunningProcesses.pids(velos)).isEqualTo(first);
        // start --config is apply without prune: no delete-and-recreate either.
        VelosCli.Result start = velos.ok("start", "--config", file.toString());
        assertThat(start.out()).contains("Unchanged 'api'", "Unchanged 'worker'");
        assertThat(RunningProcesses.pids(velos)).isEqualTo(first);
        assertThat(velos.list().get("api").get("id").asInt()).isEqualTo(1);
    }

    @Test
    void aChangedEnvRestartsThatAppOnly() throws Exception {
        Map<String, Long> before = applyAndWait();
        write("prod", true);
        VelosCli.Result r = velos.ok("apply", file.toString());
        assertThat(r.out()).contains("~ api (env)", "= worker", "0 new, 1 changed, 1 unchanged");
        Map<String, Long> after = applyAndWait();
        assertThat(after.get("api")).isNotEqualTo(before.get("api"));
        assertThat(after.get("worker:0")).isEqualTo(before.get("worker:0"));
        assertThat(after.get("worker:1")).isEqualTo(before.get("worker:1"));
        assertThat(RunningProcesses.env(after.get("api"))).contains(entry("MODE", "prod"));
    }

    @Test
    void aClusterWhoseInstanceCountChangedIsScaled() throws Exception {
        Map<String, Long> before = applyAndWait();
        Files.writeString(file, Files.readString(file).replace("instances = 2", "instances = 3"));
        VelosCli.Result r = velos.ok("apply", file.toString());
        assertThat(r.out()).contains("~ worker (instances)", "= api");
        Map<String, Long> after = applyAndWait();
        assertThat(after).containsOnlyKeys("api", "worker:0", "worker:1", "worker:2");
        assertThat(after.get("worker:0")).isEqualTo(before.get("worker:0"));
        assertThat(after.get("worker:1")).isEqualTo(before.get("worker:1"));
        assertThat(after.get("api")).isEqualTo(before.get("api"));
    }

    @Test
    void pruneRemovesAnAppTheFileNoLongerHas() throws Exception {
        Map<String, Long> before = applyAndWait();
        write("dev", false);
        VelosCli.Result kept = velos.ok("apply", file.toString());
        assertThat(kept.out()).contains("= api").doesNotContain("- worker");
        assertThat(velos.list()).containsKeys("worker:0", "worker:1");
        VelosCli.Result pruned = velos.ok("apply", file.toString(), "--prune");
        assertThat(pruned.out()).contains("= api", "- worker", "1 removed");
        assertThat(velos.list()).containsOnlyKeys("api");
        assertThat(RunningProcesses.pids(velos).get("api")).isEqualTo(before.get("api"));
    }

    @Test
    void aDryRunPrintsThePlanAndChangesNothing() throws Exception {
        Map<String, Long> before = applyAndWait();
        write("prod", false);
        Files.writeString(file, Files.readString(file) + """

                [apps.extra]
                script = "app.sh"
                """);
        VelosCli.Result r = velos.ok("apply", file.toString(), "--prune", "--dry-run");
        assertThat(r.out()).contains("~ api (env)", "+ extra", "- worker", "Dry run: nothing was changed");
        assertThat(RunningProcesses.pids(velos)).isEqualTo(before);
        assertThat(RunningProcesses.env(before.get("api"))).contains(entry("MODE", "dev"));
        JsonNode plan = velos.ok("apply", file.toString(), "--prune", "--dry-run", "--json").json();
        assertThat(plan.get("applied").asBoolean()).isFalse();
        assertThat(plan.get("plan")).extracting(s -> s.get("action").asText() + " " + s.get("name").asText())
                .containsExactly("changed api", "new extra", "removed worker");
        assertThat(velos.list()).doesNotContainKey("extra");
    }

    @Test
    void aStoppedUnchangedAppIsStartedAgain() {
        applyAndWait();
        velos.ok("stop", "api");
        VelosCli.Result r = velos.ok("apply", file.toString());
        assertThat(r.out()).contains("= api (not running: started)");
        await().atMost(Duration.ofSeconds(10)).until(() -> velos.list().get("api").get("status_str").asText()
                .equals("running"));
    }
}
