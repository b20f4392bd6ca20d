// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelcontextprotocol.spec.McpSchema;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.AuditQuery;
import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.Grant;
import dev.velos.ipc.Operation;
import dev.velos.ipc.Scope;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;

class ToolAdapterTest {
    private static final Grant ADMIN = new Grant("uid:1000", Scope.ADMIN, List.of());

    @TempDir
    Path dir;

    private ToolAdapter adapter() {
        return new ToolAdapter(VelosMcpServer.json(), exchange -> java.util.Optional.empty(),
                SessionAccess.stdio(ADMIN, AuditLog.in(dir)));
    }

    @Test
    void everyToolHasAnObjectSchemaWithDescribedProperties() {
        DaemonAccess daemon = new DaemonAccess(dir.resolve("none.sock"), Duration.ofSeconds(1), () -> { });
        List<Tool> tools = VelosTools.all(daemon, dir, AuditLog.in(dir));
        assertThat(tools).hasSize(15);
        for (Tool t : tools) {
            assertThat(t.inputSchema()).containsEntry("type", "object").containsKeys("properties", "required");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) t.inputSchema().get("properties");
            properties.values().forEach(p -> assertThat(p).containsKey("description"));
        }
    }

    @Test
    void anArrayIsWrappedAsStructuredContentAndTheTextIsCompactJson() {
        Tool tool = new Tool("t", "d", Schemas.none(), Operation.LIST, a -> List.of(Map.of("a", 1)));
        ToolAdapter adapter = adapter();
        McpSchema.CallToolResult r = adapter.call(tool, Map.of(), ADMIN, true);
        assertThat(r.isError()).isFalse();
        assertThat(((McpSchema.TextContent) r.content().getFirst()).text()).isEqualTo("[{\"a\":1}]");
        assertThat(r.structuredContent()).isEqualTo(Map.of("items", List.of(Map.of("a", 1))));
        assertThat(adapter.call(tool, Map.of(), ADMIN, false).structuredContent()).as("older protocols: text only").isNull();
    }

    @Test
    void failuresAreToolErrorsThatSayWhatToDo() {
        DaemonAccess daemon = new DaemonAccess(dir.resolve("none.sock"), Duration.ofSeconds(1), () -> { });
        Tool list = VelosTools.all(daemon, dir, AuditLog.in(dir)).getFirst();
        ToolAdapter adapter = adapter();
        McpSchema.CallToolResult noDaemon = adapter.call(list, Map.of(), ADMIN, true);
        assertThat(noDaemon.isError()).isTrue();
        assertThat(((McpSchema.TextContent) noDaemon.content().getFirst()).text())
                .startsWith("Error: the velos daemon is not running; process_start starts it");

        assertThat(ToolAdapter.advice(new VelosException(ErrorCode.NOT_FOUND,
                "process 'web' not found; run 'velos list' to see the names")))
                .isEqualTo("process 'web' not found; process_list shows the names");
        McpSchema.CallToolResult bug = adapter.call(new Tool("t", "d", Schemas.none(), Operation.LIST, a -> {
            throw new IllegalStateException("boom");
        }), Map.of(), ADMIN, true);
        assertThat(((McpSchema.TextContent) bug.content().getFirst()).text()).contains("internal error in t", "boom");
    }

    @Test
    void aToolBeyondTheSessionsScopeIsRefusedUnrunAndTheAttemptIsAudited() {
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        Tool restart = new Tool("process_restart", "d", Schemas.none(), Operation.RESTART, call -> {
            ran.set(true);
            return Map.of();
        });
        Grant reader = new Grant("token:viewer", Scope.READ, List.of());
        McpSchema.CallToolResult r = adapter().call(restart, Map.of("name_or_id", "api"), reader, true);
        assertThat(r.isError()).isTrue();
        assertThat(((McpSchema.TextContent) r.content().getFirst()).text())
                .isEqualTo("Error: process_restart needs the 'operate' scope; this session's scope is 'read' "
                        + "(use a token created with --scope operate)");
        assertThat(ran).isFalse();
        List<AuditRecord> trail = AuditLog.in(dir).read(new AuditQuery(0, 0, List.of(), "", 10));
        assertThat(trail).singleElement().satisfies(rec -> {
            assertThat(rec.channel()).isEqualTo("mcp");
            assertThat(rec.actor()).isEqualTo("token:viewer");
            assertThat(rec.command()).isEqualTo("restart");
            assertThat(rec.target()).isEqualTo("api");
            assertThat(rec.ok()).isFalse();
        });
    }

    @Test
    void aMutatingCallIsAuditedWithItsEnvironmentRedactedAndReadsAreNot() {
        Tool set = new Tool("config_set", "d", Schemas.none(), Operation.CONFIG_SET_POLICY, call -> Map.of("ok", true));
        Tool read = new Tool("process_list", "d", Schemas.none(), Operation.LIST, call -> List.of());
        ToolAdapter adapter = adapter();
        adapter.call(read, Map.of(), ADMIN, true);
        adapter.call(set, Map.of("name_or_id", "api", "changes", Map.of("env", Map.of("API_KEY", "s3cret"))), ADMIN, true);
        List<AuditRecord> trail = AuditLog.in(dir).read(new AuditQuery(0, 0, List.of(), "", 10));
        assertThat(trail).singleElement().satisfies(rec -> {
            assertThat(rec.command()).isEqualTo("config.set");
            assertThat(rec.actor()).isEqualTo("uid:1000");
            assertThat(rec.scope()).isEqualTo(Scope.ADMIN);
            assertThat(rec.ok()).isTrue();
            assertThat(rec.args().toString()).contains("API_KEY", AuditRecord.REDACTED).doesNotContain("s3cret");
        });
    }
}
