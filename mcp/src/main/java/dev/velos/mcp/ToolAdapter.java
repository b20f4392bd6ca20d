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

import dev.velos.ipc.AccessDeniedException;
import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.Grant;
import dev.velos.ipc.Operation;
import dev.velos.model.VelosException;

/**
 * Turns a {@link Tool} into the SDK's tool: the output as compact JSON text and, for clients
 * that negotiated a protocol with structured tool output (2025-06-18 or later), the same value as
 * {@code structuredContent} (an array wrapped as {@code {"items": […]}}, since structured content
 * must be an object); every failure is a tool result with {@code isError: true} and a message
 * that says what to do next, never a protocol error.
 *
 * <p>It is also where scopes are enforced and changes audited: a call is refused unless the
 * session's {@link Grant} allows the tool's operation (whatever the client saw in tools/list),
 * and every call of a mutating tool, refused or not, is appended to the audit trail with its
 * outcome.
 */
final class ToolAdapter {
    /** The first protocol revision with {@code structuredContent} in tool results. */
    static final String STRUCTURED_SINCE = "2025-06-18";

    private static final String NO_GRANT = "this request carries no access grant; reconnect with a valid token";

    private final McpJsonMapper json;
    private final Function<McpSyncServerExchange, Optional<String>> negotiated;
    private final SessionAccess access;

    /** {@code negotiated} tells the protocol version of a call's session, when the transport knows it. */
    ToolAdapter(McpJsonMapper json, Function<McpSyncServerExchange, Optional<String>> negotiated, SessionAccess access) {
        this.json = json;
        this.negotiated = negotiated;
        this.access = access;
    }

    SyncToolSpecification adapt(Tool tool) {
        McpSchema.Tool described = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                .inputSchema(tool.inputSchema()).build();
        return SyncToolSpecification.builder().tool(described)
                .callHandler((exchange, request) -> {
                    Optional<Grant> grant = access.grant(exchange.transportContext());
                    if (grant.isEmpty()) {
                        return failure(NO_GRANT);
                    }
                    return call(tool, request.arguments(), grant.get(),
                            negotiated.apply(exchange).filter(v -> v.compareTo(STRUCTURED_SINCE) >= 0).isPresent());
                })
                .build();
    }

    McpSchema.CallToolResult call(Tool tool, Map<String, Object> arguments, Grant grant, boolean structured) {
        ToolArgs args = new ToolArgs(arguments);
        Object output;
        try {
            grant.require(tool.operationFor(args), tool.name());
            output = tool.call().apply(new ToolCall(args, grant));
        } catch (ToolException | AccessDeniedException e) {
            return failed(tool, args, grant, e.getMessage());
        } catch (DaemonUnavailableException e) {
            return failed(tool, args, grant, DaemonAccess.NOT_RUNNING);
        } catch (VelosException e) {
            return failed(tool, args, grant, advice(e));
        } catch (RuntimeException e) {
            return failed(tool, args, grant, "internal error in " + tool.name() + ": " + e
                    + "; this is a velos bug, the MCP server's stderr has details");
        }
        audit(tool, args, grant, "");
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

    private McpSchema.CallToolResult failed(Tool tool, ToolArgs args, Grant grant, String message) {
        audit(tool, args, grant, message);
        return failure(message);
    }

    /** Appends a call of a mutating tool to the audit trail: {@code error} is "" when it succeeded. */
    private void audit(Tool tool, ToolArgs args, Grant grant, String error) {
        Operation operation = tool.operationFor(args);
        if (!operation.mutating()) {
            return;
        }
        String target = args.optional("name_or_id").or(() -> args.optional("name")).orElse("");
        String command = operation.command();
        access.audit(error.isEmpty() ? AuditRecord.succeeded(AuditRecord.MCP, grant, command, target, auditArgs(tool, args))
                : AuditRecord.failed(AuditRecord.MCP, grant, command, target, auditArgs(tool, args), error));
    }

    /** The call's arguments and the tool that took them (the command alone would not say, e.g., start vs process_start). */
    private static Map<String, Object> auditArgs(Tool tool, ToolArgs args) {
        Map<String, Object> a = new java.util.LinkedHashMap<>(args.values());
        a.put("tool", tool.name());
        return a;
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
