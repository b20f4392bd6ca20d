// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velos mcp-server} over stdio against a real daemon: with the MCP SDK's own client, and
 * with raw line-delimited JSON-RPC as an older (2024-11-05) client speaks it (REFERENCE §15 item 16).
 * Every tool is called in an {@code admin} session ({@code velos mcp-server --scope admin});
 * {@code velos mcp-server} itself is {@code operate} by default (issue 23).
 */
class McpEndToEndTest extends EndToEndTest {
    static final Set<String> TOOLS = Set.of("process_list", "process_start", "process_stop", "process_restart",
            "process_delete", "process_info", "log_read", "log_search", "log_summary", "health_check", "metrics_snapshot",
            "config_get", "config_set", "config_apply", "audit_read");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Prints a line a second, every fifth one an error on stderr. */
    static final String NOISY = """
            i=0
            while true; do
              i=$((i+1))
              echo "request $i served in 12ms"
              if [ $((i % 5)) -eq 0 ]; then echo "ERROR connection refused to db:5432 (attempt $i)" >&2; fi
              sleep 0.1
            done""";

    @Test
    void theSdkClientCallsEveryToolAgainstARealDaemon() throws IOException {
        Path script = script("noisy.sh", NOISY);
        try (McpSyncClient client = McpClients.stdio(velos, McpClients.plain(), "--scope", "admin")) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("velos");
            assertThat(init.serverInfo().version()).matches("\\d+\\.\\d+\\.\\d+.*");

            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(TOOLS);
            assertThat(tools).allSatisfy(t -> {
                assertThat(t.inputSchema().get("type")).isEqualTo("object");
                assertThat(t.description()).hasSizeGreaterThan(60);
            });

            // process_start starts the daemon, as the CLI does.
            JsonNode started = ok(client, "process_start", Map.of("script", script.toString(), "name", "web"));
            assertThat(started.get("name").asText()).isEqualTo("web");
            assertThat(started.get("pid").asInt()).isPositive();
            assertThat(velos.daemonPid()).isPresent();

            JsonNode list = ok(client, "process_list", Map.of());
            assertThat(list).hasSize(1);
            assertThat(fieldNames(list.get(0))).containsExactly("id", "memory", "name", "pid", "restarts", "status", "uptime_ms");
            assertThat(list.get(0).get("status").asText()).isEqualTo("running");

            JsonNode info = ok(client, "process_info", Map.of("name_or_id", "web"));
            assertThat(fieldNames(info)).contains("autorestart", "cwd", "id", "interpreter", "max_restarts", "memory", "name",
                    "pid", "restarts", "script", "status", "uptime_ms").doesNotContain("env");
            assertThat(info.get("script").asText()).isEqualTo(script.toString());

            assertThat(ok(client, "metrics_snapshot", Map.of("name_or_id", "web")).get("name").asText()).isEqualTo("web");
            assertThat(ok(client, "metrics_snapshot", Map.of())).hasSize(1);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ok(client, "log_search",
                    Map.of("name_or_id", "web", "pattern", "refused", "since", "10m")).size()).isGreaterThanOrEqualTo(2));
            JsonNode read = ok(client, "log_read", Map.of("name_or_id", "web", "lines", 20, "level", "error"));
            assertThat(read).isNotEmpty().allSatisfy(l -> {
                assertThat(l.get("l").asText()).isEqualTo("error");
                assertThat(l.get("m").asText()).contains("refused");
                assertThat(l.get("t").asLong()).isPositive();
            });
            assertThat(ok(client, "log_search", Map.of("name_or_id", "web", "pattern", "refused", "until", "1000")))
                    .as("until is honoured").isEmpty();

            JsonNode summary = ok(client, "log_summary", Map.of("name_or_id", "web", "lines", 1000));
            assertThat(fieldNames(summary)).as("REFERENCE §9.6's keys, in its order").containsExactly("process_name",
                    "period_start_ms", "period_end_ms", "total_lines", "by_level", "top_patterns", "anomalies", "last_error",
                    "last_error_ms", "health_score");
            assertThat(summary.get("process_name").asText()).isEqualTo("web");
            assertThat(summary.get("total_lines").asLong()).isPositive();
            assertThat(summary.get("period_end_ms").asLong()).isGreaterThanOrEqualTo(summary.get("period_start_ms").asLong())
                    .isPositive();
            assertThat(summary.get("by_level").get("error").asLong()).isPositive();
            assertThat(summary.get("top_patterns").isArray() && summary.get("anomalies").isArray()).isTrue();
            assertThat(summary.get("last_error").asText()).contains("refused");
            assertThat(summary.get("last_error_ms").asLong()).isPositive();
            assertThat(summary.get("health_score").asInt()).isLessThan(100);
            JsonNode errorsOnly = ok(client, "log_summary", Map.of("name_or_id", "web", "lines", 1000, "level", "error",
                    "since", "10m"));
            assertThat(fieldNames(errorsOnly.get("by_level"))).as("every log tool takes level").containsExactly("error");

            JsonNode health = ok(client, "health_check", Map.of());
            assertThat(health.get("process_count").asInt()).isEqualTo(1);
            JsonNode web = health.get("processes").get(0);
            assertThat(web.get("score").asInt()).isEqualTo(health.get("overall_score").asInt()).isLessThan(100);
            assertThat(web.get("issues").toString()).containsPattern("\\d+ errors? in the last \\d+ log lines?");

            configSetThenGet(client);

            assertThat(ok(client, "process_restart", Map.of("name_or_id", "web")).get("message").asText())
                    .isEqualTo("restarted web");
            assertThat(ok(client, "process_stop", Map.of("name_or_id", "web")).get("success").asBoolean()).isTrue();
            assertThat(velos.list().get("web").get("status_str").asText()).isEqualTo("stopped");
            assertThat(ok(client, "process_delete", Map.of("name_or_id", "web")).get("message").asText())
                    .isEqualTo("deleted web");
            assertThat(ok(client, "process_list", Map.of())).isEmpty();
        }
    }

    private void configSetThenGet(McpSyncClient client) {
        long pidBefore = velos.list().get("web").get("pid").asLong();
        JsonNode set = ok(client, "config_set", Map.of("name_or_id", "web", "changes",
                Map.of("max_restarts", 3, "max_memory_restart", "200M", "kill_timeout", 700, "env", Map.of("API_KEY", "s3cret"))));
        assertThat(set.get("changed").toString()).contains("max_restarts", "max_memory_restart", "kill_timeout_ms", "env");
        assertThat(set.get("restarted").asBoolean()).isFalse();
        assertThat(velos.list().get("web").get("pid").asLong()).as("no restart without restart: true").isEqualTo(pidBefore);

        JsonNode config = ok(client, "config_get", Map.of("name_or_id", "web"));
        assertThat(config.get("max_restarts").asInt()).isEqualTo(3);
        assertThat(config.get("max_memory_restart").asLong()).isEqualTo(200L * 1024 * 1024);
        assertThat(config.get("kill_timeout_ms").asLong()).isEqualTo(700);
        assertThat(config.get("env_keys").toString()).contains("API_KEY");
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(info("web").get("max_restarts").asInt()).as("the daemon's info agrees").isEqualTo(3);

        JsonNode applied = ok(client, "config_set", Map.of("name_or_id", "web", "changes", Map.of("restart_delay", 250),
                "restart", true));
        assertThat(applied.get("restarted").asBoolean()).isTrue();
        assertThat(velos.list().get("web").get("pid").asLong()).isNotEqualTo(pidBefore);

        // Saved in state.bin: a new daemon brings the changed spec back.
        velos.ok("kill");
        velos.ok("resurrect");
        assertThat(info("web").get("restart_delay_ms").asLong()).isEqualTo(250);
        assertThat(info("web").get("max_restarts").asInt()).isEqualTo(3);

        McpSchema.CallToolResult bad = client.callTool(new McpSchema.CallToolRequest("config_set",
                Map.of("name_or_id", "web", "changes", Map.of("max_restart", 3))));
        assertThat(bad.isError()).isTrue();
        assertThat(text(bad)).contains("unknown setting 'max_restart'", "max_restarts", "kill_timeout_ms");
        McpSchema.CallToolResult badValue = client.callTool(new McpSchema.CallToolRequest("config_set",
                Map.of("name_or_id", "web", "changes", Map.of("kill_timeout_ms", 5))));
        assertThat(text(badValue)).contains("kill_timeout_ms must be >= 100");
    }

    @Test
    void anUnknownProcessIsAToolErrorThatSaysWhatToDo() {
        velos.ok("list"); // starts the daemon: a "not found" needs one to ask
        try (McpSyncClient client = stdioClient()) {
            client.initialize();
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("process_info", Map.of("name_or_id", "ghost")));
            assertThat(r.isError()).isTrue();
            assertThat(text(r)).isEqualTo("Error: process 'ghost' not found; process_list shows the names");
            McpSchema.CallToolResult missing = client.callTool(new McpSchema.CallToolRequest("log_read", Map.of()));
            assertThat(missing.isError()).isTrue();
            assertThat(text(missing)).contains("missing 'name_or_id'");
        }
    }

    @Test
    void aRawClientSpeaking20241105GetsLineDelimitedAnswers() throws Exception {
        Path script = script("noisy.sh", NOISY);
        velos.ok("start", script.toString(), "--name", "api");
        ProcessBuilder pb = new ProcessBuilder(VelosCli.LAUNCHER.toString(), "mcp-server")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().put("VELOS_HOME", velos.home.toString());
        Process server = pb.start();
        List<String> requests = List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2024-11-05\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"process_list\",\"arguments\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"log_summary\",\"arguments\":{\"name_or_id\":\"api\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"health_check\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"no/such/method\"}");
        try {
            Map<Integer, JsonNode> answers = exchange(server, requests, 6);
            JsonNode init = answers.get(1).get("result");
            assertThat(init.get("protocolVersion").asText()).isEqualTo("2024-11-05");
            assertThat(init.get("serverInfo").get("name").asText()).isEqualTo("velos");
            List<String> names = new ArrayList<>();
            answers.get(2).get("result").get("tools").forEach(t -> names.add(t.get("name").asText()));
            assertThat(names).as("the default scope, operate").containsExactlyInAnyOrderElementsOf(
                    McpScopesEndToEndTest.OPERATE_TOOLS);

            JsonNode list = JSON.readTree(answers.get(3).get("result").get("content").get(0).get("text").asText());
            assertThat(list.get(0).get("name").asText()).isEqualTo("api");
            assertThat(answers.get(3).get("result").has("structuredContent")).as("not in 2024-11-05").isFalse();
            JsonNode summary = JSON.readTree(answers.get(4).get("result").get("content").get(0).get("text").asText());
            assertThat(fieldNames(summary)).contains("process_name", "total_lines", "by_level", "top_patterns", "last_error",
                    "health_score").doesNotContain("n", "lv", "err_t", "top");
            JsonNode health = JSON.readTree(answers.get(5).get("result").get("content").get(0).get("text").asText());
            assertThat(fieldNames(health)).containsExactly("overall_score", "process_count", "processes");
            assertThat(answers.get(6).get("error").get("code").asInt()).isEqualTo(-32601);
            assertThat(server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("exits when stdin ends").isTrue();
            assertThat(server.exitValue()).isZero();
        } finally {
            server.destroyForcibly();
        }
    }

    /** Writes every request, closes stdin, and reads the answers (one compact JSON object per line) by id. */
    static Map<Integer, JsonNode> exchange(Process server, List<String> requests, int answers) throws IOException {
        try (Writer in = new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String r : requests) {
                in.write(r + "\n");
            }
        }
        Map<Integer, JsonNode> byId = new java.util.HashMap<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (byId.size() < answers && (line = out.readLine()) != null) {
            JsonNode node = JSON.readTree(line); // every stdout line must be JSON: nothing else may reach stdout
            byId.put(node.get("id").asInt(), node);
        }
        return byId;
    }

    @Test
    void listAndInfoHaveCompactAiOutput() throws IOException {
        velos.ok("start", script("sleeper.sh", "exec sleep 60").toString(), "--name", "api");
        String list = velos.ok("list", "--ai", "--json").out();
        assertThat(list.strip()).doesNotContain("\n");
        JsonNode entry = JSON.readTree(list).get(0);
        assertThat(fieldNames(entry)).containsExactly("c", "i", "m", "n", "p", "r", "s", "u");
        assertThat(entry.get("s").asText()).isEqualTo("running");

        String info = velos.ok("info", "api", "--ai").out();
        assertThat(info.strip()).doesNotContain("\n");
        JsonNode node = JSON.readTree(info);
        assertThat(fieldNames(node)).containsExactly("cwd", "m", "n", "p", "r", "s", "script", "u");
        assertThat(node.get("s").asText()).isEqualTo("running");
        assertThat(node.get("p").asInt()).isPositive();
    }

    private McpSyncClient stdioClient() {
        ServerParameters params = ServerParameters.builder(VelosCli.LAUNCHER.toString()).args("mcp-server")
                .env(Map.of("VELOS_HOME", velos.home.toString(), "NO_COLOR", "1")).build();
        return McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
    }

    /** Calls {@code tool}, requires success, and parses its JSON text (which must match structuredContent). */
    static JsonNode ok(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
        assertThat(r.isError()).as("%s failed: %s", tool, text(r)).isFalse();
        try {
            JsonNode parsed = JSON.readTree(text(r));
            JsonNode structured = JSON.valueToTree(r.structuredContent());
            assertThat(parsed.isArray() ? structured.get("items") : structured).isEqualTo(parsed);
            return parsed;
        } catch (IOException e) {
            throw new AssertionError(tool + " answered text that is not JSON: " + text(r), e);
        }
    }

    static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().getFirst()).text();
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
