// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velos kill} counts the apps it stopped even when the daemon did not start them itself
 * (issue 20): after a daemon restart the apps are the successor's without being its children, and
 * after a crash the next daemon adopts them; the daemon's answer to {@code kill} carries the count.
 */
class KillAdoptedAppsEndToEndTest extends EndToEndTest {
    private long napper() {
        velos.ok("start", "sleep", "--name", "napper", "--", "600");
        return velos.list().get("napper").get("pid").asLong();
    }

    @Test
    void killAfterADaemonRestartCountsTheAppsTheSuccessorTookOver() {
        long app = napper();
        long old = velos.daemonPid().orElseThrow();
        velos.ok("daemon", "restart");
        await().atMost(Duration.ofSeconds(30)).until(() -> velos.daemonPid().orElse(old) != old);

        VelosCli.Result kill = velos.ok("kill");

        assertThat(kill.out()).contains("Stopped 1 process and the daemon");
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(app).isEmpty());
    }

    @Test
    void killAfterACrashCountsTheAppsTheNextDaemonAdopted() {
        long app = napper();
        ProcessHandle daemon = ProcessHandle.of(velos.daemonPid().orElseThrow()).orElseThrow();
        daemon.destroyForcibly();
        await().atMost(Duration.ofSeconds(15)).until(() -> !daemon.isAlive());
        assertThat(velos.list().get("napper").get("pid").asLong()).as("adopted, same pid").isEqualTo(app);

        JsonNode kill = velos.ok("kill", "--json").json();

        assertThat(kill.get("killed").asBoolean()).isTrue();
        assertThat(kill.get("stopped").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(app).isEmpty());
    }
}
