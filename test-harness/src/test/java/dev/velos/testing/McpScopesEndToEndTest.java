// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.IssuedToken;
import dev.velos.ipc.Scope;
import dev.velos.ipc.TokenStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 23's scopes, end to end with the official MCP SDK client against a real daemon: a
 * {@code read} session (stdio with {@code --scope read}, or HTTP with a read token) lists no
 * mutating tool and is refused {@code process_restart}; an {@code --apps api} session cannot touch
 * {@code worker} nor {@code all}; a revoked token is refused (401) from its next request on.
 */
class McpScopesEndToEndTest extends EndToEndTest {
    static final Set<String> READ_TOOLS = Set.of("process_list", "process_info", "metrics_snapshot", "log_read",
            "log_search", "log_summary", "health_check", "config_get", "audit_read");
    /** process_start is operate's for a known app by name; with a script it needs admin (checked per call). */
    static final Set<String> OPERATE_TOOLS = union(READ_TOOLS, Set.of("process_start", "process_stop", "process_restart",
            "config_set"));
    static final Set<String> ADMIN_TOOLS = union(OPERATE_TOOLS, Set.of("process_delete", "config_apply"));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aReadSessionOnStdioListsNoMutatingToolAndIsRefusedProcessRestart() throws Exception {
        long pid = startSleeper("api");
        try (McpSyncClient client = McpClients.stdio(velos, McpClients.plain(), "--scope", "read")) {
            client.initialize();
            assertReadOnly(client, pid);
        }
    }

    @Test
    void aReadTokenOverHttpListsNoMutatingToolAndIsRefusedProcessRestart() throws Exception {
        long pid = startSleeper("api");
        IssuedToken viewer = TokenStore.in(velos.home).create("viewer", Scope.READ, List.of());
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0");
             McpSyncClient client = McpClients.http(server.url(""), viewer.secret(), McpClients.plain())) {
            client.initialize();
            assertReadOnly(client, pid);
        }
    }

    @Test
    void eachScopeListsItsTools() throws Exception {
        startSleeper("api");
        try (McpSyncClient operate = McpClients.stdio(velos, McpClients.plain());
             McpSyncClient admin = McpClients.stdio(velos, McpClients.plain(), "--scope", "admin")) {
            operate.initialize();
            admin.initialize();
            assertThat(names(operate)).as("velos mcp-server's default scope is operate")
                    .containsExactlyInAnyOrderElementsOf(OPERATE_TOOLS);
            assertThat(names(admin)).containsExactlyInAnyOrderElementsOf(ADMIN_TOOLS);
            McpSchema.CallToolResult start = operate.callTool(new McpSchema.CallToolRequest("process_start",
                    Map.of("script", "sleep", "args", List.of("60"), "name", "other")));
            assertThat(McpEndToEndTest.text(start)).contains("process_start needs the 'admin' scope");
            McpSchema.CallToolResult env = operate.callTool(new McpSchema.CallToolRequest("config_set",
                    Map.of("name_or_id", "api", "changes", Map.of("env", Map.of("A", "1")))));
            assertThat(McpEndToEndTest.text(env)).as("env changes what runs: admin")
                    .contains("config_set of env needs the 'admin' scope");
            McpEndToEndTest.ok(operate, "config_set", Map.of("name_or_id", "api", "changes", Map.of("max_restarts", 4)));
            assertThat(info("api").get("max_restarts").asInt()).as("restart settings are operate's").isEqualTo(4);
        }
    }

    @Test
    void anAppsLimitedStdioSessionCannotTouchAnotherAppNorAll() throws Exception {
        startSleeper("api");
        long worker = startSleeper("worker");
        try (McpSyncClient client = McpClients.stdio(velos, McpClients.plain(), "--apps", "api")) {
            client.initialize();
            assertLimitedToApi(client, worker);
        }
    }

    @Test
    void anAppsLimitedTokenOverHttpCannotTouchAnotherAppNorAll() throws Exception {
        startSleeper("api");
        long worker = startSleeper("worker");
        IssuedToken apiOnly = TokenStore.in(velos.home).create("api-ops", Scope.OPERATE, List.of("api"));
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0");
             McpSyncClient client = McpClients.http(server.url(""), apiOnly.secret(), McpClients.plain())) {
            client.initialize();
            assertLimitedToApi(client, worker);
        }
    }

    /** As on {@code velos api}: a refusal before the body is read says the connection closes (the servlet layer does). */
    @Test
    void aRefusalBeforeTheBodyIsReadTellsTheClientTheConnectionCloses() throws Exception {
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0")) {
            String head = RawHttp.answerHeadBeforeBody(server.port, "POST", "/mcp", 2, "Content-Type: application/json",
                    "Accept: application/json, text/event-stream");
            assertThat(head).startsWith("HTTP/1.1 401").containsIgnoringCase("\r\nConnection: close\r\n");
        }
    }

    @Test
    void aRevokedTokenIsRefusedAtItsNextRequest() throws Exception {
        startSleeper("api");
        TokenStore store = TokenStore.in(velos.home);
        IssuedToken ops = store.create("ops", Scope.OPERATE, List.of());
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0");
             McpSyncClient client = McpClients.http(server.url(""), ops.secret(), McpClients.plain())) {
            client.initialize();
            McpEndToEndTest.ok(client, "process_list", Map.of());
            assertThat(initialize(server.url("/mcp"), ops.secret()).statusCode()).isEqualTo(200);

            store.revoke("ops");

            assertThat(initialize(server.url("/mcp"), ops.secret()).statusCode()).isEqualTo(401);
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("process_list", Map.of())))
                    .as("the open session's next call is refused too")
                    .isInstanceOf(io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException.class);
        }
    }

    private void assertReadOnly(McpSyncClient client, long pid) {
        assertThat(names(client)).containsExactlyInAnyOrderElementsOf(READ_TOOLS);
        McpSchema.CallToolResult restart = client.callTool(new McpSchema.CallToolRequest("process_restart",
                Map.of("name_or_id", "api")));
        assertThat(restart.isError()).isTrue();
        assertThat(McpEndToEndTest.text(restart)).startsWith("Error: process_restart needs the 'operate' scope; this "
                + "session's scope is 'read'");
        assertThat(velos.list().get("api").get("pid").asLong()).as("not restarted").isEqualTo(pid);
        assertThat(McpEndToEndTest.ok(client, "process_list", Map.of()).get(0).get("name").asText()).isEqualTo("api");
    }

    private void assertLimitedToApi(McpSyncClient client, long workerPid) {
        JsonNode list = McpEndToEndTest.ok(client, "process_list", Map.of());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo("api");
        assertThat(McpEndToEndTest.ok(client, "health_check", Map.of()).get("process_count").asInt()).isEqualTo(1);
        for (String target : List.of("worker", "all", velos.list().get("worker").get("id").asText())) {
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("process_restart",
                    Map.of("name_or_id", target)));
            assertThat(r.isError()).as("restart %s", target).isTrue();
            assertThat(McpEndToEndTest.text(r)).contains("is outside the apps this session may use (api)");
        }
        assertThat(McpEndToEndTest.text(client.callTool(new McpSchema.CallToolRequest("log_read",
                Map.of("name_or_id", "worker"))))).contains("outside the apps");
        assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest("velos://apps/worker")))
                .hasMessageContaining("outside the apps");
        assertThat(velos.list().get("worker").get("pid").asLong()).as("worker untouched").isEqualTo(workerPid);
        assertThat(McpEndToEndTest.ok(client, "process_restart", Map.of("name_or_id", "api")).get("success").asBoolean())
                .isTrue();
    }

    private long startSleeper(String name) throws Exception {
        velos.ok("start", script(name + ".sh", "exec sleep 600").toString(), "--name", name);
        return velos.list().get(name).get("pid").asLong();
    }

    private HttpResponse<String> initialize(String url, String token) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> names(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
