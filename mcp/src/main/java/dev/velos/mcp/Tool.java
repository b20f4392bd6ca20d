// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.Map;
import java.util.function.Function;

/**
 * One MCP tool: its name, the description a model reads to decide when to call it, its JSON
 * input schema, and what it does. {@code call} returns the output as maps, lists and scalars
 * (the JSON shape of REFERENCE §10.2), or throws {@link ToolException}.
 */
record Tool(String name, String description, Map<String, Object> inputSchema, Function<ToolArgs, Object> call) {
}
