// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The log file keys of issue 21 and {@code listen} of issue 20 in the JSON of a REST start
 * ({@code POST /api/processes}) and of MCP's {@code process_start}: they reach the daemon (the
 * files appear where asked, {@code info} shows the held socket), and a bad value is refused with
 * the daemon's words (422 naming the field; a tool error) and starts nothing.
 */
class LogAndListenApiEndToEndTest extends EndToEndTest {
    private String[] auth(String... more) throws Exception {
        String[] base = {"Authorization", "Bearer " + Files.readString(velos.home.resolve("api.token")).strip(),
                "Content-Type", "application/json"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void restStartTakesTheLogKeysAndListenAndRefusesBadOnesField() throws Exception {
        Path app = script("app.sh", "echo rest-out; echo rest-err >&2; exec sleep 300");
        int port = 44900 + (int) (ProcessHandle.current().pid() % 90);
        velos.ok("list");
        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            Http.Reply created = Http.post(api.url("/api/processes"), """
                    {"name":"rest","script":"%s","cwd":"%s","merge_logs":true,"out_file":"rest.log","log_format":"json",
                     "log_rotate":"hourly","listen":["tcp://127.0.0.1:%d"]}""".formatted(app, apps, port), auth());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            Path merged = apps.resolve("rest.log");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(merged)
                    && Files.readString(merged).contains("rest-out") && Files.readString(merged).contains("rest-err"));
            assertThat(Files.readString(merged)).contains("\"stream\":\"err\"");
            assertThat(velos.ok("info", "rest").out()).contains("Listen:").contains("tcp://127.0.0.1:" + port)
                    .contains("log_rotate=hourly");

            Http.Reply bad = Http.post(api.url("/api/processes"), """
                    {"name":"bad","script":"%s","log_rotate":"weekly","log_retain_days":-1,"listen":["udp://0.0.0.0:53"]}"""
                    .formatted(app), auth());
            assertThat(bad.status()).as(bad.body()).isEqualTo(422);
            List<String> fields = bad.json().get("fields").findValuesAsText("field");
            assertThat(fields).containsExactlyInAnyOrder("log_rotate", "log_retain_days", "listen");
            assertThat(velos.list()).doesNotContainKey("bad");
        }
    }

    @Test
    void mcpProcessStartTakesTheLogKeysAndListen() throws Exception {
        Path app = script("app.sh", "echo mcp-out; exec sleep 300");
        int port = 44800 + (int) (ProcessHandle.current().pid() % 90);
        try (McpSyncClient client = McpClients.stdio(velos, McpClients.plain(), "--scope", "admin")) {
            client.initialize();
            McpSchema.Tool start = client.listTools().tools().stream().filter(t -> t.name().equals("process_start"))
                    .findFirst().orElseThrow();
            assertThat(((Map<?, ?>) start.inputSchema().get("properties")).keySet().stream().map(Object::toString).toList()).contains("listen", "out_file", "error_file", "merge_logs",
                    "log_format", "log_rotate", "log_compress", "log_retain_days");
            McpEndToEndTest.ok(client, "process_start", Map.of("script", app.toString(), "name", "mcp", "cwd",
                    apps.toString(), "out_file", "mcp.out", "error_file", "/dev/null", "log_compress", false,
                    "listen", List.of("tcp://127.0.0.1:" + port)));
            Path out = apps.resolve("mcp.out");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out) && Files.readString(out).contains("mcp-out"));
            assertThat(velos.ok("info", "mcp").out()).contains("tcp://127.0.0.1:" + port).contains("log_compress=false");

            McpSchema.CallToolResult bad = client.callTool(new McpSchema.CallToolRequest("process_start",
                    Map.of("script", app.toString(), "name", "bad", "log_format", "xml")));
            assertThat(bad.isError()).isTrue();
            assertThat(bad.content().toString()).contains("log_format");
            McpSchema.CallToolResult badListen = client.callTool(new McpSchema.CallToolRequest("process_start",
                    Map.of("script", app.toString(), "name", "bad", "listen", List.of("tcp://nowhere:1"))));
            assertThat(badListen.isError()).isTrue();
            assertThat(badListen.content().toString()).contains("listen");
            assertThat(velos.list()).doesNotContainKey("bad");
        }
    }
}
