// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one health scorer of REST and MCP (issue 17): the daemon's log score, status, and the issues. */
class HealthCheckTest {
    @Test
    void aRunningAppKeepsItsLogScoreAndSaysWhatCostPoints() {
        var app = HealthCheck.app(WireSamples.FULL_VIEW, WireSamples.SUMMARY);
        assertThat(app).containsEntry("name", "api:1").containsEntry("score", 71).containsEntry("status", "online");
        assertThat(app.get("issues")).isEqualTo(List.of("2 restarts", "3 errors in the last 420 log lines", "1 anomaly",
                "last error: FATAL: unrecoverable error in worker"));
    }

    @Test
    void anAppThatIsNotRunningLosesFiftyPointsAndSaysSo() {
        var app = HealthCheck.app(WireSamples.STOPPED_VIEW, WireSamples.QUIET_SUMMARY);
        assertThat(app).containsEntry("score", 100 - HealthCheck.NOT_RUNNING_PENALTY).containsEntry("status", "stopped");
        assertThat(app.get("issues")).isEqualTo(List.of("status: stopped"));
    }

    @Test
    void aLongLastErrorIsCut() {
        assertThat(HealthCheck.cut("x".repeat(100), 80)).hasSize(80).endsWith("...");
        assertThat(HealthCheck.cut("short", 80)).isEqualTo("short");
    }
}
