// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.velos.ipc.Operation;
import dev.velos.ipc.VelosClient;

/**
 * One MCP tool: its name, the description a model reads to decide when to call it, its JSON
 * input schema, the {@link Operation} it performs (whose scope a session needs to see and call
 * it), and what it does. {@code call} returns the output as maps, lists and scalars (the JSON
 * shape of REFERENCE §10.2), or throws {@link ToolException}. A tool whose arguments decide how far
 * it reaches ({@code process_start}: an existing app by name, or a new command) names the least
 * operation, which decides who sees it, and {@code operationOf} the one a call performs.
 */
record Tool(String name, String description, Map<String, Object> inputSchema, Operation operation,
            Function<ToolArgs, Operation> operationOf, Function<ToolCall, Object> call) {
    /** A tool that always performs {@code operation}. */
    Tool(String name, String description, Map<String, Object> inputSchema, Operation operation,
         Function<ToolCall, Object> call) {
        this(name, description, inputSchema, operation, args -> operation, call);
    }

    /**
     * A tool that shows what {@code fetch} answers for its {@code name_or_id} argument: one shaped
     * object for one entry, a list for several (config_get, process_info).
     */
    static <T> Tool showingTarget(String name, String description, Operation operation, DaemonAccess daemon,
                                  BiFunction<VelosClient, String, List<T>> fetch, Function<T, ?> shape) {
        return new Tool(name, description, Schemas.target(), operation,
                call -> Outputs.oneOrMany(daemon.onTarget(call, fetch), shape));
    }

    /** The operation a call with {@code args} performs: what its caller's scope must allow, and what the audit trail records. */
    Operation operationFor(ToolArgs args) {
        return operationOf.apply(args);
    }
}
