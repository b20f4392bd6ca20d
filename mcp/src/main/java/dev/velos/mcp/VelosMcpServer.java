// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;

import dev.velos.ipc.EventFeed;
import dev.velos.ipc.Operation;
import dev.velos.model.VelosVersion;

/**
 * Builds the velos MCP server on a transport: serverInfo {@code velos} with the velos version;
 * the tools (only those the session's scope allows are listed), the resources and their
 * templates (subscribable), the {@code diagnose_app} prompt, and logging notifications; and
 * follows the daemon's events so subscribers hear about changes. Protocol versions are
 * negotiated by the SDK.
 */
final class VelosMcpServer implements AutoCloseable {
    static final String NAME = "velos";
    private static final String INSTRUCTIONS = "velos supervises long-running processes. Start with process_list or "
            + "health_check; use log_summary before reading raw logs; config_set changes restart policy, memory limit "
            + "and environment. The diagnose_app prompt gathers everything about one process; subscribe to "
            + "velos://apps/{name} to hear when it changes, and crashes arrive as logging notifications.";
    /** Held so the level settings survive (java.util.logging keeps loggers weakly). */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("io.modelcontextprotocol"),
            Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("reactor"));

    private final McpSyncServer server;
    private final EventFeed feed;
    private final AppAlerts alerts;

    private VelosMcpServer(McpSyncServer server, EventFeed feed, AppAlerts alerts) {
        this.server = server;
        this.feed = feed;
        this.alerts = alerts;
    }

    static McpJsonMapper json() {
        return McpJsonDefaults.getMapper();
    }

    /** Library chatter stays off stderr unless it is a warning; {@code VELOS_DEBUG} shows everything. */
    static void quietLibraries() {
        Level level = System.getenv("VELOS_DEBUG") == null ? Level.WARNING : Level.FINE;
        QUIET.forEach(l -> l.setLevel(level));
    }

    /** What every server is made of, whatever its transport. */
    record Parts(ToolAdapter adapter, DaemonAccess daemon, Path cwd, SessionAccess access) {
    }

    static VelosMcpServer on(McpServerTransportProvider transport, Parts parts) {
        SessionRegistry sessions = new SessionRegistry(parts.access());
        return start(McpServer.sync(sessions.tracking(transport)), parts, sessions);
    }

    static VelosMcpServer on(McpStreamableServerTransportProvider transport, Parts parts, SessionRegistry sessions) {
        return start(McpServer.sync(sessions.tracking(transport)), parts, sessions);
    }

    private static VelosMcpServer start(McpServer.SyncSpecification<?> spec, Parts parts, SessionRegistry sessions) {
        RecentEvents recent = new RecentEvents();
        AppAlerts alerts = new AppAlerts(parts.daemon(), sessions, recent);
        List<Tool> tools = VelosTools.all(parts.daemon(), parts.cwd(), parts.access().auditLog());
        Map<String, Operation> operations = tools.stream().collect(Collectors.toMap(Tool::name, Tool::operation));
        AppResources resources = new AppResources(parts.daemon(), parts.access(), json());
        McpSyncServer server = spec.serverInfo(NAME, VelosVersion.CURRENT)
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(true, false).prompts(false)
                        .logging().build())
                // Arguments are read leniently by ToolArgs (REFERENCE §10.2: bad numbers fall back to defaults).
                .validateToolInputs(false)
                .tools(tools.stream().map(parts.adapter()::adapt).toList())
                // A tool the session's scope does not allow is not listed (and refused if called anyway).
                .addToolFilter((context, tool) -> parts.access().grant(context)
                        .map(g -> g.allows(operations.get(tool.name()))).orElse(false))
                .resources(resources.resources())
                .resourceTemplates(resources.templates())
                .prompts(new DiagnosePrompt(parts.daemon(), parts.access(), recent).prompt())
                .build();
        alerts.attach(server.getAsyncServer());
        EventFeed feed = new EventFeed(parts.daemon().socket(), parts.daemon().timeout());
        feed.listen(alerts);
        feed.start();
        return new VelosMcpServer(server, feed, alerts);
    }

    /** Answers what is in flight, then stops following the daemon. */
    void closeGracefully() {
        server.closeGracefully();
        close();
    }

    @Override
    public void close() {
        feed.close();
        alerts.close();
    }
}
