// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;

import dev.velos.model.VelosVersion;

/**
 * Builds the velos MCP server on a transport: serverInfo {@code velos} with the velos version,
 * the tools capability, and the 13 tools. Protocol versions are negotiated by the SDK.
 */
final class VelosMcpServer {
    static final String NAME = "velos";
    private static final String INSTRUCTIONS = "velos supervises long-running processes. Start with process_list or "
            + "health_check; use log_summary before reading raw logs; config_set changes restart policy, memory limit "
            + "and environment.";
    /** Held so the level settings survive (java.util.logging keeps loggers weakly). */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("io.modelcontextprotocol"),
            Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("reactor"));

    private VelosMcpServer() {
    }

    static McpJsonMapper json() {
        return McpJsonDefaults.getMapper();
    }

    /** Library chatter stays off stderr unless it is a warning; {@code VELOS_DEBUG} shows everything. */
    static void quietLibraries() {
        Level level = System.getenv("VELOS_DEBUG") == null ? Level.WARNING : Level.FINE;
        QUIET.forEach(l -> l.setLevel(level));
    }

    static McpSyncServer on(McpServerTransportProvider transport, ToolAdapter adapter, DaemonAccess daemon, Path cwd) {
        return configure(McpServer.sync(transport), adapter, daemon, cwd);
    }

    static McpSyncServer on(McpStreamableServerTransportProvider transport, ToolAdapter adapter, DaemonAccess daemon,
                            Path cwd) {
        return configure(McpServer.sync(transport), adapter, daemon, cwd);
    }

    private static McpSyncServer configure(McpServer.SyncSpecification<?> spec, ToolAdapter adapter, DaemonAccess daemon,
                                           Path cwd) {
        return spec.serverInfo(NAME, VelosVersion.CURRENT)
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                // Arguments are read leniently by ToolArgs (REFERENCE §10.2: bad numbers fall back to defaults).
                .validateToolInputs(false)
                .tools(VelosTools.all(daemon, cwd).stream().map(adapter::adapt).toList())
                .build();
    }
}
