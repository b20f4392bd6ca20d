// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18: the same apply over REST ({@code POST /api/apply}, a path or the file's content) and
 * MCP ({@code config_apply}, with dry_run, and limited by the session's --apps).
 */
class ApplyApiEndToEndTest extends EndToEndTest {
    private static final String PM2 = """
            {"apps": [
              {"name": "api", "script": "app.sh", "args": "--api", "env": {"MODE": "dev"}, "env_production": {"MODE": "prod"}},
              {"name": "worker", "script": "app.sh", "args": "--worker", "exec_mode": "fork", "vizion": false, "pmx": true}
            ]}
            """;

    private String[] auth() throws Exception {
        return new String[] {"Authorization", "Bearer " + Files.readString(velos.home.resolve("api.token")).strip(),
                "Content-Type", "application/json"};
    }

    @Test
    void restApplyTakesAPathOrTheContentAndLeavesUnchangedAppsAlone() throws Exception {
        script("app.sh", "while :; do sleep 1; done");
        Path file = Files.writeString(apps.resolve("ecosystem.config.json"), PM2);
        velos.ok("list");
        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            Http.Reply dry = Http.post(api.url("/api/apply"), """
                    {"path": "%s", "dry_run": true}""".formatted(file), auth());
            assertThat(dry.status()).as(dry.body()).isEqualTo(200);
            assertThat(dry.json().get("applied").asBoolean()).isFalse();
            assertThat(dry.json().get("plan").findValuesAsText("action")).containsExactly("new", "new");
            assertThat(dry.json().get("warnings").toString()).contains("pmx is not honoured");
            assertThat(velos.list()).isEmpty();

            Http.Reply applied = Http.post(api.url("/api/v1/apply"), """
                    {"path": "%s", "env": "production"}""".formatted(file), auth());
            assertThat(applied.status()).as(applied.body()).isEqualTo(200);
            assertThat(applied.json().get("apps").findValuesAsText("name")).containsExactly("api", "worker");
            await().atMost(Duration.ofSeconds(10)).until(() -> velos.list().size() == 2);
            Map<String, Long> pids = RunningProcesses.pids(velos);
            assertThat(RunningProcesses.env(pids.get("api"))).contains(entry("MODE", "prod"));

            // The same file sent as content (a remote client has no path on this machine), the api app's env changed.
            String content = PM2.replace("\"prod\"", "\"prod2\"");
            Http.Reply changed = Http.post(api.url("/api/apply"), velosJson(Map.of("content", content, "format", "pm2",
                    "file_name", file.toString(), "env", "production")), auth());
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            JsonNode plan = changed.json().get("plan");
            assertThat(plan.get(0).get("action").asText()).isEqualTo("changed");
            assertThat(plan.get(0).get("fields").get(0).asText()).isEqualTo("env");
            assertThat(plan.get(1).get("action").asText()).isEqualTo("unchanged");
            await().atMost(Duration.ofSeconds(10)).until(() -> !RunningProcesses.pids(velos).get("api").equals(pids.get("api")));
            assertThat(RunningProcesses.pids(velos).get("worker")).isEqualTo(pids.get("worker"));

            Http.Reply bad = Http.post(api.url("/api/apply"), """
                    {"content": "[apps.x]\\nscript = \\"a\\"\\nmax_restarts = -9\\n", "format": "toml"}""", auth());
            assertThat(bad.status()).as(bad.body()).isEqualTo(422);
            assertThat(bad.body()).contains("max_restarts must be >= -1");
            assertThat(Http.post(api.url("/api/apply"), "{\"path\": \"x\"}", "Content-Type", "application/json").status())
                    .isEqualTo(401);
            // apply starts commands: a rebinding Host or a foreign page is refused before it is read.
            String bearer = "Authorization: Bearer " + Files.readString(velos.home.resolve("api.token")).strip();
            String body = "{\"path\": \"" + file + "\"}";
            assertThat(RawHttp.status(RawHttp.send(api.port, "POST", "/api/apply", "rebind.attacker.example:" + api.port, body,
                    "Content-Type: application/json", bearer))).as("a rebinding Host").isEqualTo(403);
            assertThat(RawHttp.status(RawHttp.send(api.port, "POST", "/api/apply", "127.0.0.1:" + api.port, body,
                    "Content-Type: application/json", bearer, "Origin: http://evil.example"))).as("a foreign Origin").isEqualTo(403);
        }
    }

    @Test
    void mcpConfigApplyPlansAppliesAndKeepsToTheSessionsApps() throws Exception {
        script("app.sh", "while :; do sleep 1; done");
        Path file = Files.writeString(apps.resolve("ecosystem.config.json"), PM2);
        try (McpSyncClient admin = McpClients.stdio(velos, McpClients.plain(), "--scope", "admin")) {
            admin.initialize();
            JsonNode dry = McpEndToEndTest.ok(admin, "config_apply", Map.of("path", file.toString(), "dry_run", true));
            assertThat(dry.get("applied").asBoolean()).isFalse();
            assertThat(dry.get("plan").findValuesAsText("name")).containsExactly("api", "worker");
            assertThat(velos.list()).isEmpty();
            JsonNode done = McpEndToEndTest.ok(admin, "config_apply", Map.of("path", file.toString()));
            assertThat(done.get("applied").asBoolean()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> velos.list().size() == 2);
            JsonNode again = McpEndToEndTest.ok(admin, "config_apply", Map.of("path", file.toString()));
            assertThat(again.get("plan").findValuesAsText("action")).containsExactly("unchanged", "unchanged");
        }
        try (McpSyncClient limited = McpClients.stdio(velos, McpClients.plain(), "--scope", "admin", "--apps", "api")) {
            limited.initialize();
            McpSchema.CallToolResult refused = limited.callTool(new McpSchema.CallToolRequest("config_apply",
                    Map.of("path", file.toString())));
            assertThat(refused.isError()).isTrue();
            assertThat(McpEndToEndTest.text(refused)).contains("worker");
            McpSchema.CallToolResult prune = limited.callTool(new McpSchema.CallToolRequest("config_apply",
                    Map.of("path", file.toString(), "prune", true)));
            assertThat(prune.isError()).isTrue();
            assertThat(McpEndToEndTest.text(prune)).contains("prune may delete any app");
            JsonNode own = McpEndToEndTest.ok(limited, "config_apply", Map.of("path", file.toString(), "only", List.of("api"),
                    "dry_run", true));
            assertThat(own.get("plan").findValuesAsText("action")).containsExactly("unchanged");
        }
    }

    private static String velosJson(Map<String, Object> body) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
    }
}
