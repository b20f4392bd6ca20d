// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.model.VelosException;

/**
 * Turns a {@link Tool} into the SDK's tool: the output as compact JSON text and, for clients
 * that negotiated a protocol with structured tool output (2025-06-18 or later), the same value as
 * {@code structuredContent} (an array wrapped as {@code {"items": […]}}, since structured content
 * must be an object); every failure is a tool result with {@code isError: true} and a message
 * that says what to do next, never a protocol error.
 */
final class ToolAdapter {
    /** The first protocol revision with {@code structuredContent} in tool results. */
    static final String STRUCTURED_SINCE = "2025-06-18";

    private final McpJsonMapper json;
    private final Function<McpSyncServerExchange, Optional<String>> negotiated;

    /** {@code negotiated} tells the protocol version of a call's session, when the transport knows it. */
    ToolAdapter(McpJsonMapper json, Function<McpSyncServerExchange, Optional<String>> negotiated) {
        this.json = json;
        this.negotiated = negotiated;
    }

    SyncToolSpecification adapt(Tool tool) {
        McpSchema.Tool described = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                .inputSchema(tool.inputSchema()).build();
        return SyncToolSpecification.builder().tool(described)
                .callHandler((exchange, request) -> call(tool, request.arguments(),
                        negotiated.apply(exchange).filter(v -> v.compareTo(STRUCTURED_SINCE) >= 0).isPresent()))
                .build();
    }

    McpSchema.CallToolResult call(Tool tool, Map<String, Object> arguments, boolean structured) {
        Object output;
        try {
            output = tool.call().apply(new ToolArgs(arguments));
        } catch (ToolException e) {
            return failure(e.getMessage());
        } catch (DaemonUnavailableException e) {
            return failure(DaemonAccess.NOT_RUNNING);
        } catch (VelosException e) {
            return failure(advice(e));
        } catch (RuntimeException e) {
            return failure("internal error in " + tool.name() + ": " + e
                    + "; this is a velos bug, the MCP server's stderr has details");
        }
        McpSchema.CallToolResult.Builder result = McpSchema.CallToolResult.builder().addTextContent(write(output))
                .isError(false);
        if (structured) {
            result.structuredContent(output instanceof List<?> list ? Map.of("items", list) : output);
        }
        return result.build();
    }

    /** The daemon's message, with the CLI's hints replaced by the tool a model should use instead. */
    static String advice(VelosException e) {
        String message = e.getMessage() == null ? e.code().toString() : e.getMessage();
        message = message.replace("run 'velos list' to see the names", "process_list shows the names");
        return switch (e.code()) {
            case NOT_FOUND -> message.contains("process_list") ? message : message + "; process_list shows the names";
            case ALREADY_EXISTS -> message + " (use process_restart, or process_start with another name)";
            case SPAWN_FAILED -> message + " (check script, interpreter and cwd)";
            default -> message;
        };
    }

    private static McpSchema.CallToolResult failure(String message) {
        return McpSchema.CallToolResult.builder().addTextContent("Error: " + message).isError(true).build();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
