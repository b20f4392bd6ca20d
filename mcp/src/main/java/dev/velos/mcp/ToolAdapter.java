// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.model.VelosException;

/**
 * Turns a {@link Tool} into the SDK's tool: the output as compact JSON text, the same value as
 * {@code structuredContent} (an array wrapped as {@code {"items": […]}}, since structured content
 * must be an object), and every failure as a tool result with {@code isError: true} and a message
 * that says what to do next, never as a protocol error.
 */
final class ToolAdapter {
    private final McpJsonMapper json;

    ToolAdapter(McpJsonMapper json) {
        this.json = json;
    }

    SyncToolSpecification adapt(Tool tool) {
        McpSchema.Tool described = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                .inputSchema(tool.inputSchema()).build();
        return SyncToolSpecification.builder().tool(described)
                .callHandler((exchange, request) -> call(tool, request.arguments())).build();
    }

    McpSchema.CallToolResult call(Tool tool, Map<String, Object> arguments) {
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
        Object structured = output instanceof List<?> list ? Map.of("items", list) : output;
        return McpSchema.CallToolResult.builder().addTextContent(write(output)).structuredContent(structured)
                .isError(false).build();
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
