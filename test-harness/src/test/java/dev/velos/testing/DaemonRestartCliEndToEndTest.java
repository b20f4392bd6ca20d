// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * {@code velos daemon restart} and {@code velos update} through {@code bin/velos} (issue 20): under
 * HTTP load on a socket velos holds ({@code start --listen}), the command reports the old and new
 * daemon pids and the apps kept, the apps keep their pids and no request fails; a successor that
 * cannot start fails the command with the daemon's reason while the old daemon serves on; with no
 * daemon there is nothing to restart.
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
class DaemonRestartCliEndToEndTest extends EndToEndTest {
    private static final Path ACTIVATED_HTTP = VelosCli.REPO.resolve(
            "supervisor/src/test/resources/dev/velos/supervisor/activated_http.py");

    private Map<String, Long> pids() {
        Map<String, Long> pids = new HashMap<>();
        velos.list().forEach((name, view) -> pids.put(name, view.get("pid").asLong()));
        return pids;
    }

    private int startWeb() {
        int port = 44500 + (int) (ProcessHandle.current().pid() % 400);
        velos.ok("start", "/usr/bin/python3", "--name", "web", "-i", "2", "--listen", "tcp://127.0.0.1:" + port, "--",
                ACTIVATED_HTTP.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (HttpLoad probe = new HttpLoad(port, 1, 1, 1)) {
                Thread.sleep(300);
                return probe.ok() > 0;
            }
        });
        return port;
    }

    @Test
    void daemonRestartAndUpdateKeepTheAppsAndFailNoRequest() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 for the socket-activated HTTP app");
        int port = startWeb();
        long oldDaemon = velos.daemonPid().orElseThrow();
        Map<String, Long> before = pids();
        try (HttpLoad load = new HttpLoad(port, 4, 90, 200_000)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok() > 50);
            VelosCli.Result restart = velos.ok("daemon", "restart");
            assertThat(restart.out()).startsWith("[velos] Daemon restarted: pid " + oldDaemon + " -> ")
                    .contains("2 processes kept running with the same pids");
            long mid = load.ok();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.ok() > mid + 50);
            JsonNode update = velos.ok("update", "--json").json();
            assertThat(update.get("restarted").asBoolean()).isTrue();
            assertThat(update.get("old_pid").asLong()).isNotEqualTo(oldDaemon);
            assertThat(update.get("apps").asInt()).isEqualTo(2);
            long after = load.ok();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.ok() > after + 50);
            load.close();
            assertThat(load.failures()).as("failed requests of %d", load.ok() + load.failures().size()).isEmpty();
            await().atMost(Duration.ofSeconds(15)).until(() -> velos.daemonPid().orElse(0L) == update.get("new_pid").asLong());
        }
        assertThat(pids()).isEqualTo(before);
        // It exits once its successor has the lock (docs/HANDOVER.md), a moment after answering.
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(oldDaemon).isEmpty());
    }

    @Test
    void aSuccessorThatFailsFailsTheCommandAndTheOldDaemonServesOn() throws Exception {
        velos.ok("start", "sleep", "--name", "napper", "--", "600");
        long daemon = velos.daemonPid().orElseThrow();
        Map<String, Long> before = pids();
        Path broken = VelosCli.script(apps, "broken-velos", "echo 'this velos cannot start' >&2; exit 1");

        VelosCli.Result r = velos.run("daemon", "restart", "--launcher", broken.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("Error: the daemon was not restarted:", "did not come up", "carries on",
                "Nothing changed: the running daemon still serves every app");
        assertThat(velos.ok("ping", "--json").json().get("pid").asLong()).isEqualTo(daemon);
        assertThat(pids()).isEqualTo(before);

        VelosCli.Result missing = velos.run("update", "--launcher", apps.resolve("no-such-velos").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--launcher " + apps.resolve("no-such-velos") + " does not exist");
    }

    @Test
    void withNoDaemonThereIsNothingToRestart() {
        VelosCli.Result r = velos.ok("daemon", "restart");
        assertThat(r.out()).contains("The daemon is not running; nothing to restart");
        assertThat(velos.daemonPid()).isEmpty();
    }
}
