// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 18, PM2 habits: several targets and {@code name:*}, a quoted command line, an interpreter
 * with arguments, durations with units, and PM2's command names — on real processes.
 */
class Pm2HabitsEndToEndTest extends EndToEndTest {
    @Test
    void severalTargetsAndAllWorkWhereverATargetIsTaken() {
        velos.ok("start", "sleep 300", "-n", "a");
        velos.ok("start", "sleep 301", "-n", "b");
        velos.ok("start", "sleep", "-n", "c", "-i", "2", "--", "302");
        JsonNode two = velos.ok("info", "a", "b", "--json").json();
        assertThat(two).extracting(n -> n.get("name").asText()).containsExactly("a", "b");
        VelosCli.Result stop = velos.ok("stop", "a", "b");
        assertThat(stop.out()).contains("Stopped 'a'", "Stopped 'b'");
        assertThat(velos.list().get("a").get("status_str").asText()).isEqualTo("stopped");
        assertThat(velos.list().get("b").get("status_str").asText()).isEqualTo("stopped");
        assertThat(velos.list().get("c:0").get("status_str").asText()).isEqualTo("running");
        velos.ok("stop", "c:*");
        assertThat(velos.list().get("c:1").get("status_str").asText()).isEqualTo("stopped");
        velos.ok("restart", "all");
        await().atMost(Duration.ofSeconds(10)).until(() -> velos.list().values().stream()
                .allMatch(n -> n.get("status_str").asText().equals("running")));
        // One unknown target: an error naming it, and nothing done to the others.
        VelosCli.Result typo = velos.run("stop", "a", "nope");
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.err()).contains("'nope' not found");
        assertThat(velos.list().get("a").get("status_str").asText()).isEqualTo("running");
        velos.ok("delete", "a", "c");
        assertThat(velos.list()).containsOnlyKeys("b");
        // PM2's names for list and info.
        assertThat(velos.ok("jlist").json()).hasSize(1);
        assertThat(velos.ok("status").out()).contains("b");
        assertThat(velos.ok("describe", "b").out()).contains("sleep");
    }

    @Test
    void aQuotedCommandLineStartsAsACommand() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3");
        velos.ok("start", "python3 -m http.server 0 --bind 127.0.0.1", "-n", "web");
        long pid = velos.list().get("web").get("pid").asLong();
        java.util.List<String> argv = RunningProcesses.argv(pid);
        assertThat(argv.getFirst()).endsWith("python3"); // a pyenv shim execs the real one by its path
        assertThat(argv.subList(1, argv.size())).containsExactly("-m", "http.server", "0", "--bind", "127.0.0.1");
    }

    @Test
    void anInterpreterTakesArgumentsAndNodeArgsExist() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "needs node");
        Files.writeString(apps.resolve("app.js"), "setInterval(() => {}, 1000);\n");
        velos.ok("start", apps.resolve("app.js").toString(), "-n", "big", "--interpreter", "node --max-old-space-size=64",
                "--", "--flag");
        velos.ok("start", apps.resolve("app.js").toString(), "-n", "small", "--node-args", "--max-old-space-size=32");
        await().atMost(Duration.ofSeconds(10)).until(() -> velos.list().get("small").get("pid").asLong() > 0);
        assertThat(RunningProcesses.argv(velos.list().get("big").get("pid").asLong()))
                .containsExactly("node", "--max-old-space-size=64", apps.resolve("app.js").toString(), "--flag");
        assertThat(RunningProcesses.argv(velos.list().get("small").get("pid").asLong()))
                .containsExactly("node", "--max-old-space-size=32", apps.resolve("app.js").toString());
    }

    @Test
    void durationOptionsTakeUnitsAndBareMilliseconds() {
        velos.ok("start", "sleep 300", "-n", "d", "--kill-timeout", "5s", "--restart-delay", "500ms", "--min-uptime", "2000",
                "--max-memory-restart", "1G");
        JsonNode d = info("d");
        assertThat(d.get("kill_timeout_ms").asLong()).isEqualTo(5000);
        assertThat(d.get("restart_delay_ms").asLong()).isEqualTo(500);
        assertThat(d.get("min_uptime_ms").asLong()).isEqualTo(2000);
        assertThat(d.get("max_memory_restart").asLong()).isEqualTo(1L << 30);
        VelosCli.Result bad = velos.run("start", "sleep 300", "-n", "e", "--kill-timeout", "5 sec");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid duration '5 sec'");
    }

    @Test
    void pm2CommandNamesGetTheirVelosEquivalentAndTyposNeverADestructiveOne() {
        VelosCli.Result r = velos.run("sendSignal");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Did you mean: velos signal?");
        assertThat(velos.run("delet").err()).doesNotContain("velos delete", "velos del?");
        assertThat(velos.run("kil").err()).doesNotContain("velos kill");
    }
}
