// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/** Ready channel, shutdown message, memory limit and cron validation through bin/velos (issue 5, first part). */
class ProcessFeaturesEndToEndTest extends EndToEndTest {

    @Test
    void waitReadyStartsAsStartingAndTurnsRunningOnTheReadyMessage() throws Exception {
        velos.ok("start", script("ready.sh", "sleep 1.5; printf '\\005\\000\\000\\000ready' >&\"$VELOS_IPC_FD\"; "
                + "exec sleep 300").toString(), "--wait-ready");
        assertThat(velos.list().get("ready").get("status_str").asText()).isEqualTo("starting");
        await().atMost(Duration.ofSeconds(10)).until(() -> velos.list().get("ready").get("status_str").asText().equals("running"));
        JsonNode info = info("ready");
        assertThat(info.get("wait_ready").asBoolean()).isTrue();
        assertThat(velos.ok("info", "ready").out()).contains("Wait ready:     true");
    }

    @Test
    void theListenTimeoutTurnsASilentAppRunning() throws Exception {
        velos.ok("start", script("silent.sh", "exec sleep 300").toString(), "--wait-ready", "--listen-timeout", "800");
        await().atMost(Duration.ofSeconds(10)).until(() -> velos.list().get("silent").get("status_str").asText().equals("running"));
    }

    @Test
    void shutdownWithMessageSendsTheMessageInsteadOfSigterm() throws Exception {
        velos.ok("start", script("polite.sh", "trap 'echo got-term; exit 1' TERM; echo listening; "
                + "msg=$(dd bs=1 count=23 <&\"$VELOS_IPC_FD\" 2>/dev/null | tail -c 19); echo \"msg=$msg\"; exit 0").toString(),
                "--shutdown-with-message", "--no-autorestart");
        await().until(() -> velos.ok("logs", "polite", "--raw").out().contains("listening"));
        velos.ok("stop", "polite");
        String out = velos.ok("logs", "polite", "--raw").out();
        assertThat(out).contains("msg={\"type\":\"shutdown\"}").doesNotContain("got-term");
        assertThat(velos.list().get("polite").get("status_str").asText()).isEqualTo("stopped");
    }

    @Test
    void badCronAndMemoryValuesAreRefusedBeforeAnythingStarts() throws Exception {
        Path app = script("app.sh", "exec sleep 300");
        VelosCli.Result cron = velos.run("start", app.toString(), "--cron-restart", "61 * * * *");
        assertThat(cron.exit()).isEqualTo(1);
        assertThat(cron.err()).contains("invalid cron_restart");
        VelosCli.Result memory = velos.run("start", app.toString(), "--max-memory", "1.5G");
        assertThat(memory.exit()).isEqualTo(2);
        assertThat(memory.err()).contains("invalid memory format");
        assertThat(velos.list()).isEmpty();
        velos.ok("start", app.toString(), "--cron-restart", "0 3 * * *", "--max-memory", "150M");
        JsonNode info = info("app");
        assertThat(info.get("cron_restart").asText()).isEqualTo("0 3 * * *");
        assertThat(info.get("max_memory_restart").asLong()).isEqualTo(150L * 1024 * 1024);
    }

    @Test
    void anAppOverItsMemoryLimitIsRestartedWithTheReasonShown() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 to allocate memory");
        velos.ok("start", "/usr/bin/python3", "--name", "hungry", "--max-memory", "50M", "--",
                "-c", "b = bytearray(200 * 1024 * 1024); import time; time.sleep(300)");
        await().atMost(Duration.ofSeconds(30)).until(() -> info("hungry").get("restart_count").asInt() >= 1);
        assertThat(info("hungry").get("last_restart_reason").asText()).isEqualTo("memory");
        assertThat(velos.ok("info", "hungry").out()).contains("Restart reason: memory");
    }

    @Test
    void watchRestartsOnAChangeInASubdirectoryOnly() throws Exception {
        Path project = java.nio.file.Files.createDirectories(apps.resolve("project/src"));
        java.nio.file.Files.createDirectories(apps.resolve("project/node_modules"));
        velos.ok("start", script("watched.sh", "exec sleep 300").toString(), "--cwd", project.getParent().toString(),
                "--watch", "--watch-delay", "300");
        assertThat(info("watched").get("watch").asBoolean()).isTrue();
        java.nio.file.Files.writeString(project.getParent().resolve("node_modules/x.js"), "x");
        Thread.sleep(1000);
        assertThat(info("watched").get("restart_count").asInt()).isZero();
        java.nio.file.Files.writeString(project.resolve("app.js"), "changed");
        await().atMost(Duration.ofSeconds(10)).until(() -> info("watched").get("restart_count").asInt() == 1);
        assertThat(info("watched").get("last_restart_reason").asText()).isEqualTo("watch");
    }

    @Test
    void clusterInstancesHaveTheirIndexAndScaleDownAndUpAgain() throws Exception {
        VelosCli.Result started = velos.ok("start", script("node.sh", "echo \"instance=$VELOS_INSTANCE_ID/$NODE_APP_INSTANCE\"; "
                + "exec sleep 300").toString(), "--name", "api", "-i", "3");
        assertThat(started.out()).contains("Started 'api' in cluster mode (3 instances");
        assertThat(velos.list()).containsOnlyKeys("api:0", "api:1", "api:2");
        assertThat(velos.list().get("api:1").get("status_str").asText()).isEqualTo("running");
        await().until(() -> velos.ok("logs", "api:2", "--raw").out().contains("instance=2/2"));

        velos.ok("stop", "api:2");
        assertThat(velos.list().get("api:2").get("status_str").asText()).isEqualTo("stopped");
        assertThat(velos.list().get("api:0").get("status_str").asText()).isEqualTo("running");

        assertThat(velos.ok("scale", "api", "-1").out()).contains("Scaled 'api' down: -1 instances (target=1)");
        assertThat(velos.list().values().stream().filter(n -> n.get("status_str").asText().equals("running")).count())
                .isEqualTo(1);
        assertThat(velos.ok("scale", "api", "3", "--json").json().get("started").asInt()).isEqualTo(2);
        assertThat(velos.list().values().stream().filter(n -> n.get("status_str").asText().equals("running")).count())
                .isEqualTo(3);
        assertThat(velos.ok("scale", "api", "3").out()).contains("already at 3 instances");
        velos.ok("stop", "api");
        assertThat(velos.list().values()).allMatch(n -> n.get("status_str").asText().equals("stopped"));
        assertThat(velos.run("scale", "api", "lots").exit()).isEqualTo(1);
    }

    @Test
    void reloadReplacesEveryInstanceWithoutEverDroppingBelowN() throws Exception {
        velos.ok("start", script("web.sh", "sleep 0.8; printf '\\005\\000\\000\\000ready' >&\"$VELOS_IPC_FD\"; "
                + "exec sleep 300").toString(), "--name", "web", "-i", "2", "--wait-ready");
        await().atMost(Duration.ofSeconds(15)).until(() -> velos.list().values().stream()
                .allMatch(n -> n.get("status_str").asText().equals("running")));
        java.util.Set<Integer> before = new java.util.HashSet<>();
        velos.list().values().forEach(n -> before.add(n.get("pid").asInt()));
        long daemon = velos.daemonPid().orElseThrow();

        java.util.List<Integer> counts = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                counts.add((int) dev.velos.sys.linux.ProcFs.allProcesses().stream()
                        .filter(p -> p.ppid() == daemon && !p.isZombie()).count());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        VelosCli.Result reload = velos.ok("reload", "web");
        sampling.set(false);
        sampler.join();

        assertThat(reload.out()).contains("Reloaded 2 instances of 'web'");
        java.util.Set<Integer> after = new java.util.HashSet<>();
        velos.list().values().forEach(n -> after.add(n.get("pid").asInt()));
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertThat(counts).isNotEmpty().allMatch(n -> n >= 2 && n <= 3);
        assertThat(info("web:0").get("last_restart_reason").asText()).isEqualTo("reload");
    }

    @Test
    void aReloadWhoseNewVersionCrashesKeepsTheOldOne() throws Exception {
        Path marker = apps.resolve("broken");
        velos.ok("start", script("fragile.sh", "if [ -f " + marker + " ]; then echo broken-version; exit 3; fi; "
                + "sleep 0.5; printf '\\005\\000\\000\\000ready' >&\"$VELOS_IPC_FD\"; exec sleep 300").toString(),
                "--wait-ready", "--name", "fragile");
        await().atMost(Duration.ofSeconds(10)).until(() -> info("fragile").get("status_str").asText().equals("running"));
        int pid = info("fragile").get("pid").asInt();
        java.nio.file.Files.writeString(marker, "");

        VelosCli.Result reload = velos.run("reload", "fragile");

        assertThat(reload.exit()).isEqualTo(1);
        assertThat(reload.err()).contains("before it was ready").contains("keeps running");
        assertThat(info("fragile").get("pid").asInt()).isEqualTo(pid);
        assertThat(info("fragile").get("status_str").asText()).isEqualTo("running");
    }

    /** The one slow test: a '* * * * *' app observed across a minute boundary restarts exactly once per minute. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 150, unit = java.util.concurrent.TimeUnit.SECONDS)
    void aCronScheduleRestartsTheAppOncePerMinute() throws Exception {
        velos.ok("start", script("tick.sh", "exec sleep 600").toString(), "--name", "tick", "--cron-restart", "* * * * *");
        long start = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(75)).until(() -> info("tick").get("restart_count").asInt() >= 1);
        assertThat(info("tick").get("last_restart_reason").asText()).isEqualTo("cron");
        // It fired at a minute boundary: within 61 s of the start, and not again within the same minute.
        assertThat(System.currentTimeMillis() - start).isLessThan(62_000);
        Thread.sleep(5_000);
        assertThat(info("tick").get("restart_count").asInt()).isEqualTo(1);
    }
}
