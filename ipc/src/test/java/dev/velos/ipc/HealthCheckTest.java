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
    void countsAreSingularForOneAndPluralOtherwise() {
        assertThat(HealthCheck.count(1, "error", "errors") + " in the last " + HealthCheck.count(1, "log line", "log lines"))
                .isEqualTo("1 error in the last 1 log line");
        assertThat(HealthCheck.count(3, "error", "errors") + " in the last " + HealthCheck.count(200, "log line", "log lines"))
                .isEqualTo("3 errors in the last 200 log lines");
        assertThat(HealthCheck.count(1, "restart", "restarts")).isEqualTo("1 restart");
    }

    @Test
    void oneErrorInOneLogLineIsSaidInTheSingular() {
        var summary = new WireTypes.SummaryView("api", 0L, 0L, 1L, java.util.Map.of("error", 1L), List.of(), List.of(),
                "ERROR: x", 1L, 90);
        var app = HealthCheck.app(WireSamples.FULL_VIEW, summary);
        assertThat(app.get("issues")).isEqualTo(List.of("2 restarts", "1 error in the last 1 log line", "last error: ERROR: x"));
    }

    @Test
    void aLongLastErrorIsCut() {
        assertThat(HealthCheck.cut("x".repeat(100), 80)).hasSize(80).endsWith("...");
        assertThat(HealthCheck.cut("short", 80)).isEqualTo("short");
    }
}
