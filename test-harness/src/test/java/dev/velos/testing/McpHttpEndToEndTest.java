// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code velos mcp-server --port}: the Streamable HTTP transport with a bearer token (required on
 * every interface), and the official MCP Inspector's CLI against stdio (tools, resources, prompt).
 */
class McpHttpEndToEndTest extends EndToEndTest {
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final Pattern BANNER = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/mcp)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void streamableHttpAnswersInitializeToolsListAndACallWithTheToken() throws Exception {
        velos.ok("start", script("sleeper.sh", "exec sleep 60").toString(), "--name", "api");
        Process server = serve("--port", "0", "--token", TOKEN);
        try {
            URI mcp = URI.create(endpoint(server));
            String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"http-test\",\"version\":\"1\"}}}";

            assertThat(post(mcp, initialize, null, null).statusCode()).isEqualTo(401);
            assertThat(post(mcp, initialize, "wrong-token-0123456789", null).statusCode()).isEqualTo(401);

            HttpResponse<String> init = post(mcp, initialize, TOKEN, null);
            assertThat(init.statusCode()).isEqualTo(200);
            JsonNode result = message(init).get("result");
            assertThat(result.get("serverInfo").get("name").asText()).isEqualTo("velos");
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

            assertThat(post(mcp, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", TOKEN, session).statusCode())
                    .isEqualTo(202);
            JsonNode tools = message(post(mcp, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", TOKEN, session))
                    .get("result").get("tools");
            assertThat(tools).as("the server's own token is admin").hasSize(McpEndToEndTest.TOOLS.size());
            String listCall = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"process_list\",\"arguments\":{}}}";
            JsonNode call = message(post(mcp, listCall, TOKEN, session)).get("result");
            assertThat(call.get("isError").asBoolean()).isFalse();
            JsonNode list = McpEndToEndTest.JSON.readTree(call.get("content").get(0).get("text").asText());
            assertThat(list.get(0).get("name").asText()).isEqualTo("api");
            assertThat(call.has("structuredContent")).as("no MCP-Protocol-Version header: 2025-03-26").isFalse();
            JsonNode structured = message(post(mcp, listCall, TOKEN, session, "2025-06-18")).get("result");
            assertThat(structured.get("structuredContent").get("items").get(0).get("name").asText()).isEqualTo("api");

            HttpRequest rebinding = HttpRequest.newBuilder(mcp).header("Origin", "http://evil.example")
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(initialize)).build();
            assertThat(http.send(rebinding, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(mcp.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("{\"server\":\"velos-mcp\",\"status\":\"ok\",\"transport\":\"streamable-http\"}");
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    /** Every interface: no longer refused (there always is a token now), but warned about, and the token is required. */
    @Test
    void everyInterfaceNeedsTheTokenAndIsWarnedAbout() throws Exception {
        try (ServerProcess server = ServerProcess.start(velos, java.util.Map.of(), "mcp-server", "--host", "0.0.0.0",
                "--port", "0")) {
            assertThat(server.output("Warning: 0.0.0.0 is reachable from other machines over plain HTTP")).contains("Warning: 0.0.0.0 is reachable from other machines over plain HTTP");
            URI mcp = URI.create(server.url("/mcp"));
            String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"http-test\",\"version\":\"1\"}}}";
            assertThat(post(mcp, ping, null, null).statusCode()).isEqualTo(401);
            String token = Files.readString(velos.home.resolve("api.token")).strip();
            assertThat(post(mcp, ping, token, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void theOfficialInspectorCliListsTheToolsResourcesAndPrompt() throws Exception {
        assumeTrue(succeeds(Duration.ofSeconds(60), "npm", "view", "@modelcontextprotocol/inspector", "version"),
                "npx or the npm registry is not available");
        List<String> names = new ArrayList<>();
        inspect("tools/list").get("tools").forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).as("velos mcp-server's default scope, operate")
                .containsExactlyInAnyOrderElementsOf(McpScopesEndToEndTest.OPERATE_TOOLS);
        List<String> resources = new ArrayList<>();
        inspect("resources/list").get("resources").forEach(r -> resources.add(r.get("uri").asText()));
        assertThat(resources).containsExactly("velos://apps");
        List<String> templates = new ArrayList<>();
        inspect("resources/templates/list").get("resourceTemplates").forEach(t -> templates.add(t.get("uriTemplate").asText()));
        assertThat(templates).containsExactlyInAnyOrder("velos://apps/{name}", "velos://apps/{name}/logs",
                "velos://apps/{name}/summary");
        JsonNode prompts = inspect("prompts/list").get("prompts");
        assertThat(prompts).hasSize(1);
        assertThat(prompts.get(0).get("name").asText()).isEqualTo("diagnose_app");
        assertThat(prompts.get(0).get("arguments").get(0).get("name").asText()).isEqualTo("name");
    }

    /** {@code npx @modelcontextprotocol/inspector --cli velos mcp-server --method <method>}: its JSON answer. */
    private JsonNode inspect(String method) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("npx", "-y", "@modelcontextprotocol/inspector", "--cli",
                VelosCli.LAUNCHER.toString(), "mcp-server", "--method", method);
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().put("VELOS_HOME", velos.home.toString());
        Path out = Files.createTempFile("inspector", ".json");
        Process p = pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the inspector finished " + method).isTrue();
        JsonNode answer = McpEndToEndTest.JSON.readTree(Files.readString(out));
        Files.deleteIfExists(out);
        return answer;
    }

    private boolean succeeds(Duration limit, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false; // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Process serve(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(VelosCli.LAUNCHER.toString(), "mcp-server"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().put("VELOS_HOME", velos.home.toString());
        return pb.start();
    }

    /** Reads the server's stderr until its banner names the endpoint. */
    private static String endpoint(Process server) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = err.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = BANNER.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no banner from mcp-server; stderr:\n" + seen);
    }

    private HttpResponse<String> post(URI uri, String body, String token, String session) throws Exception {
        return post(uri, body, token, session, null);
    }

    private HttpResponse<String> post(URI uri, String body, String token, String session, String protocol) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        if (protocol != null) {
            b.header("MCP-Protocol-Version", protocol);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC message of an answer sent as JSON or as a one-event SSE stream. */
    private static JsonNode message(HttpResponse<String> response) throws IOException {
        String body = response.body();
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            StringBuilder data = new StringBuilder();
            body.lines().filter(l -> l.startsWith("data:")).forEach(l -> data.append(l.substring(5).trim()));
            body = data.toString();
        }
        return McpEndToEndTest.JSON.readTree(body);
    }
}
