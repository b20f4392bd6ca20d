// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelcontextprotocol.client.McpSyncClient;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One health scorer (issue 17): REST's {@code GET /api/health} and MCP's {@code health_check} give
 * the same report of the same apps, scores and issues alike. Before, each had its own issue texts
 * (REST counted "error line(s) in the last 200", MCP "errors in the last N log lines") and only
 * REST named anomalies.
 */
class HealthEndToEndTest extends EndToEndTest {
    @Test
    void restAndMcpReportTheSameHealth() throws Exception {
        // Two apps whose logs stop moving: one serves after an error line, one failed and stays errored.
        velos.ok("start", script("served.sh", "echo 'ERROR: cache cold' >&2; echo ready; exec sleep 300").toString(),
                "--name", "served");
        velos.ok("start", script("failed.sh", "echo 'FATAL: no config' >&2; exit 2").toString(), "--name", "failed",
                "--no-autorestart");
        JsonNode rest;
        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            api.output("[velos-api] Listening on");
            String[] auth = {"Authorization", "Bearer " + Files.readString(velos.home.resolve("api.token")).strip()};
            await().untilAsserted(() -> {
                JsonNode failed = Http.get(api.url("/api/processes/failed"), auth).json();
                assertThat(failed.get("status_str").asText()).isEqualTo("errored");
                assertThat(failed.get("log_lines_err").asLong()).isEqualTo(1);
                JsonNode served = Http.get(api.url("/api/processes/served"), auth).json();
                assertThat(served.get("log_lines_out").asLong() + served.get("log_lines_err").asLong()).isEqualTo(2);
            });
            rest = Http.get(api.url("/api/health"), auth).json();
        }
        JsonNode mcp;
        try (McpSyncClient client = McpClients.stdio(velos, McpClients.plain(), "--scope", "admin")) {
            client.initialize();
            mcp = McpEndToEndTest.ok(client, "health_check", Map.of());
        }

        assertThat(rest).isEqualTo(mcp);
        assertThat(rest.get("process_count").asInt()).isEqualTo(2);
        JsonNode failed = app(rest, "failed");
        assertThat(failed.get("score").asInt()).as("not running costs 50 more than the log's score")
                .isLessThanOrEqualTo(50).isEqualTo(rest.get("overall_score").asInt());
        assertThat(failed.get("issues").toString()).contains("status: errored", "1 error in the last 1 log line", "last error: FATAL: no config");
        assertThat(app(rest, "served").get("issues").toString()).contains("1 error in the last 2 log lines", "last error: ERROR: cache cold")
                .doesNotContain("status:");
    }

    private static JsonNode app(JsonNode report, String name) {
        for (JsonNode app : report.get("processes")) {
            if (app.get("name").asText().equals(name)) {
                return app;
            }
        }
        throw new AssertionError("no " + name + " in " + report);
    }
}
