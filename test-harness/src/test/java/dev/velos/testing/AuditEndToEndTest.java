// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.AuditQuery;
import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.Scope;
import dev.velos.ipc.TokenStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23's audit trail from the channels built so far: every mutating REST request (also from
 * the dashboard) and MCP tool call (stdio and HTTP), refused ones included, is a line of
 * {@code $VELOS_HOME/audit.log} with its channel, actor (token id or uid), scope, command, target
 * and result, environment values redacted; MCP's {@code audit_read} reads it back, limited to the
 * session's apps. CLI requests are appended by the daemon with the same {@link AuditLog} (channel
 * {@code cli}, the user's uid), and the requests velos api and mcp-server pass on to the daemon
 * are recorded once, by them.
 */
class AuditEndToEndTest extends EndToEndTest {
    @Test
    void mutatingRequestsOfEveryChannelAreAuditedWithActorAndRedactedEnvironment() throws Exception {
        velos.ok("start", script("api.sh", "exec sleep 600").toString(), "--name", "api", "--env-var", "CLI_SECRET=s3cret");
        String uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
        TokenStore store = TokenStore.in(velos.home);
        String deployer = store.create("deployer", Scope.ADMIN, List.of()).secret();
        String viewer = store.create("viewer", Scope.READ, List.of()).secret();
        String agent = store.create("agent", Scope.OPERATE, List.of()).secret();
        String apiReader = store.create("api-reader", Scope.READ, List.of("api")).secret();
        Path sleeper = script("web.sh", "exec sleep 600");

        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            String own = Files.readString(velos.home.resolve("api.token")).strip();
            assertThat(ApiScopesEndToEndTest.post(api, "/api/v1/processes", "{\"name\":\"web\",\"script\":\"" + sleeper
                    + "\",\"env\":{\"SECRET_KEY\":\"hunter2\"}}", deployer).status()).isEqualTo(201);
            assertThat(ApiScopesEndToEndTest.post(api, "/api/v1/processes/api/restart", "{}", viewer).status())
                    .isEqualTo(403);
            assertThat(ApiScopesEndToEndTest.post(api, "/api/v1/processes/web/stop", "{}", own, "X-Velos-Client",
                    "dashboard").status()).isEqualTo(200);
        }
        try (ServerProcess mcp = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0");
             McpSyncClient client = McpClients.http(mcp.url(""), agent, McpClients.plain())) {
            client.initialize();
            McpEndToEndTest.ok(client, "process_restart", Map.of("name_or_id", "api"));
            assertThat(client.callTool(new McpSchema.CallToolRequest("config_set", Map.of("name_or_id", "api",
                    "changes", Map.of("env", Map.of("TOKEN", "not-allowed"))))).isError()).isTrue();
        }
        try (McpSyncClient client = McpClients.stdio(velos, McpClients.plain(), "--scope", "admin")) {
            client.initialize();
            McpEndToEndTest.ok(client, "config_set", Map.of("name_or_id", "api", "changes",
                    Map.of("env", Map.of("DB_PASSWORD", "pa55word"), "max_restarts", 7)));
        }

        velos.ok("stop", "web");
        assertThat(velos.run("stop", "ghost").exit()).isNotZero();

        List<AuditRecord> trail = AuditLog.in(velos.home).read(new AuditQuery(0, 0, List.of(), "", 100));
        assertThat(trail).as("each request once: what velos api and mcp-server pass to the daemon is theirs")
                .extracting(r -> r.channel() + " " + r.actor() + " " + r.scope().wireName() + " " + r.command()
                + " " + r.target() + " " + (r.ok() ? "ok" : "error")).containsExactly(
                "cli uid:" + uid + " admin start api ok",
                "rest token:deployer admin start web ok",
                "rest token:viewer read restart api error",
                "dashboard token:api.token admin stop web ok",
                "mcp token:agent operate restart api ok",
                "mcp token:agent operate config.set api error",
                "mcp uid:" + uid + " admin config.set api ok",
                "cli uid:" + uid + " admin stop web ok",
                "cli uid:" + uid + " admin stop ghost error");
        assertThat(trail.get(0).args()).containsEntry("env", Map.of("CLI_SECRET", AuditRecord.REDACTED));
        assertThat(trail.get(0).args().get("client_env").toString()).endsWith("variables of the client)");
        assertThat(trail.get(1).args()).containsEntry("env", Map.of("SECRET_KEY", AuditRecord.REDACTED));
        assertThat(trail.get(2).error()).contains("needs the 'operate' scope");
        assertThat(trail.get(5).error()).contains("config_set of env needs the 'admin' scope");
        assertThat(trail.get(8).error()).contains("ghost");
        assertThat(velos.ok("audit", "--json").json().get(0).get("channel").asText()).isEqualTo("cli");
        Path file = velos.home.resolve("audit.log");
        String raw = Files.readString(file);
        assertThat(raw).contains("SECRET_KEY", "DB_PASSWORD", "TOKEN", "CLI_SECRET")
                .doesNotContain("hunter2", "pa55word", "not-allowed", "s3cret");
        assertThat(raw.lines()).hasSize(9).allSatisfy(l -> assertThat(McpEndToEndTest.JSON.readTree(l).get("time").asText())
                .endsWith("Z"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        try (ServerProcess mcp = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0");
             McpSyncClient client = McpClients.http(mcp.url(""), apiReader, McpClients.plain())) {
            client.initialize();
            JsonNode read = McpEndToEndTest.ok(client, "audit_read", Map.of());
            assertThat(read).as("an api-only session reads only api's records").hasSize(5)
                    .allSatisfy(r -> assertThat(r.get("target").asText()).isEqualTo("api"));
            assertThat(read.get(4).get("actor").asText()).startsWith("uid:");
            assertThat(read.get(4).get("args").get("changes").get("env").get("DB_PASSWORD").asText())
                    .isEqualTo(AuditRecord.REDACTED);
            assertThat(McpEndToEndTest.text(client.callTool(new McpSchema.CallToolRequest("audit_read",
                    Map.of("app", "web"))))).contains("outside the apps");
        }
    }
}
