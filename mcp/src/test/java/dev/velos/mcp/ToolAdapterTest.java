// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelcontextprotocol.spec.McpSchema;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;

class ToolAdapterTest {
    private final ToolAdapter adapter = new ToolAdapter(VelosMcpServer.json(), exchange -> java.util.Optional.empty());

    @TempDir
    Path dir;

    @Test
    void everyToolHasAnObjectSchemaWithDescribedProperties() {
        DaemonAccess daemon = new DaemonAccess(dir.resolve("none.sock"), Duration.ofSeconds(1), () -> { });
        List<Tool> tools = VelosTools.all(daemon, dir);
        assertThat(tools).hasSize(13);
        for (Tool t : tools) {
            assertThat(t.inputSchema()).containsEntry("type", "object").containsKeys("properties", "required");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) t.inputSchema().get("properties");
            properties.values().forEach(p -> assertThat(p).containsKey("description"));
        }
    }

    @Test
    void anArrayIsWrappedAsStructuredContentAndTheTextIsCompactJson() {
        Tool tool = new Tool("t", "d", Schemas.none(), a -> List.of(Map.of("a", 1)));
        McpSchema.CallToolResult r = adapter.call(tool, Map.of(), true);
        assertThat(r.isError()).isFalse();
        assertThat(((McpSchema.TextContent) r.content().getFirst()).text()).isEqualTo("[{\"a\":1}]");
        assertThat(r.structuredContent()).isEqualTo(Map.of("items", List.of(Map.of("a", 1))));
        assertThat(adapter.call(tool, Map.of(), false).structuredContent()).as("older protocols: text only").isNull();
    }

    @Test
    void failuresAreToolErrorsThatSayWhatToDo() {
        DaemonAccess daemon = new DaemonAccess(dir.resolve("none.sock"), Duration.ofSeconds(1), () -> { });
        Tool list = VelosTools.all(daemon, dir).getFirst();
        McpSchema.CallToolResult noDaemon = adapter.call(list, Map.of(), true);
        assertThat(noDaemon.isError()).isTrue();
        assertThat(((McpSchema.TextContent) noDaemon.content().getFirst()).text())
                .startsWith("Error: the velos daemon is not running; process_start starts it");

        assertThat(ToolAdapter.advice(new VelosException(ErrorCode.NOT_FOUND,
                "process 'web' not found; run 'velos list' to see the names")))
                .isEqualTo("process 'web' not found; process_list shows the names");
        McpSchema.CallToolResult bug = adapter.call(new Tool("t", "d", Schemas.none(), a -> {
            throw new IllegalStateException("boom");
        }), Map.of(), true);
        assertThat(((McpSchema.TextContent) bug.content().getFirst()).text()).contains("internal error in t", "boom");
    }
}
