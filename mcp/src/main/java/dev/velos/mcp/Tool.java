// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.Map;
import java.util.function.Function;

import dev.velos.ipc.Operation;

/**
 * One MCP tool: its name, the description a model reads to decide when to call it, its JSON
 * input schema, the {@link Operation} it performs (whose scope a session needs to see and call
 * it), and what it does. {@code call} returns the output as maps, lists and scalars (the JSON
 * shape of REFERENCE §10.2), or throws {@link ToolException}.
 */
record Tool(String name, String description, Map<String, Object> inputSchema, Operation operation,
            Function<ToolCall, Object> call) {
}
