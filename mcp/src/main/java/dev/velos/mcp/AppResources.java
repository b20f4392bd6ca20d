// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

import dev.velos.ipc.AccessDeniedException;
import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.Grant;
import dev.velos.ipc.WireTypes;
import dev.velos.logs.LogFilter;
import dev.velos.model.AppNames;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * The MCP resources (issue 23): {@code velos://apps} (the process list) and the templates
 * {@code velos://apps/{name}} (info), {@code velos://apps/{name}/logs} (the newest lines) and
 * {@code velos://apps/{name}/summary} (the log summary), all JSON in the shapes of the matching
 * tools. A client may subscribe to any of them; {@link AppAlerts} sends
 * {@code notifications/resources/updated} when the app's status changes. A session sees only its
 * apps; reading another is refused like a tool call would be.
 */
final class AppResources {
    static final String APPS = "velos://apps";
    static final String PREFIX = APPS + "/";
    static final String LOGS = "/logs";
    static final String SUMMARY = "/summary";
    static final int LOG_LINES = 100;
    private static final String JSON = "application/json";

    private final DaemonAccess daemon;
    private final SessionAccess access;
    private final McpJsonMapper json;

    AppResources(DaemonAccess daemon, SessionAccess access, McpJsonMapper json) {
        this.daemon = daemon;
        this.access = access;
        this.json = json;
    }

    List<SyncResourceSpecification> resources() {
        McpSchema.Resource apps = McpSchema.Resource.builder().uri(APPS).name("apps").title("Processes")
                .description("Every process velos manages (status, pid, memory, uptime, restarts), as process_list shows "
                        + "them. Subscribe to hear when any process's status changes.")
                .mimeType(JSON).build();
        return List.of(new SyncResourceSpecification(apps, read((grant, uri) -> DaemonAccess.visible(grant,
                daemon.with(c -> c.list())).stream().map(Outputs::listEntry).toList())));
    }

    List<SyncResourceTemplateSpecification> templates() {
        return List.of(
                template("{name}", "app", "One process in detail, as process_info shows it. Subscribe to hear when its "
                        + "status changes (started, crashed, stopped...).", (grant, name) -> Outputs.oneOrMany(daemon.with(c -> c.info(name)), Outputs::info)),
                template("{name}" + LOGS, "app-logs", "The newest " + LOG_LINES + " log lines of a process, as log_read "
                        + "shows them.", (grant, name) -> LogTools.shown(daemon.with(c -> c.logs(name, LOG_LINES, "all")),
                        LogFilter.builder().build(), Integer.MAX_VALUE)),
                template("{name}" + SUMMARY, "app-summary", "The log summary of a process's newest "
                        + LogTools.SUMMARY_DEFAULT + " lines, as log_summary shows it (levels, patterns, anomalies, the "
                        + "last error, the health score).", (grant, name) -> Outputs.summary(daemon.with(c -> c.logsSummary(
                        new WireTypes.LogsQuery(name, LogTools.SUMMARY_DEFAULT, "all", 0, 0, "", ""))))));
    }

    /** Every resource URI whose content an event about {@code name} may change. */
    static List<String> urisAbout(String name) {
        List<String> uris = new ArrayList<>(List.of(APPS));
        for (String n : AppNames.baseOf(name).equals(name) ? List.of(name) : List.of(name, AppNames.baseOf(name))) {
            uris.add(PREFIX + n);
            uris.add(PREFIX + n + LOGS);
            uris.add(PREFIX + n + SUMMARY);
        }
        return uris;
    }

    /** The app a URI is about ({@code velos://apps/api/logs} → api), if it is about one. */
    static Optional<String> appOf(String uri) {
        if (!uri.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = uri.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        return Optional.of(slash < 0 ? rest : rest.substring(0, slash)).filter(s -> !s.isEmpty());
    }

    private SyncResourceTemplateSpecification template(String suffix, String name, String description,
                                                       BiFunction<Grant, String, Object> content) {
        McpSchema.ResourceTemplate t = McpSchema.ResourceTemplate.builder().uriTemplate(PREFIX + suffix).name(name)
                .description(description).mimeType(JSON).build();
        return new SyncResourceTemplateSpecification(t, read((grant, uri) -> {
            String app = appOf(uri).orElseThrow(() -> new ToolException("no process name in " + uri));
            daemon.requireTarget(grant, app);
            return content.apply(grant, app);
        }));
    }

    /** A read handler: the session's grant, the content as JSON, and errors a client can act on. */
    private BiFunction<McpSyncServerExchange, McpSchema.ReadResourceRequest, McpSchema.ReadResourceResult> read(
            BiFunction<Grant, String, Object> content) {
        return (exchange, request) -> {
            Grant grant = access.grant(exchange.transportContext())
                    .orElseThrow(() -> error(McpSchema.ErrorCodes.INVALID_REQUEST, "no access grant on this request"));
            Object value;
            try {
                value = content.apply(grant, request.uri());
            } catch (AccessDeniedException | ToolException e) {
                throw error(McpSchema.ErrorCodes.INVALID_PARAMS, e.getMessage());
            } catch (DaemonUnavailableException e) {
                throw error(McpSchema.ErrorCodes.INTERNAL_ERROR, DaemonAccess.NOT_RUNNING);
            } catch (VelosException e) {
                throw error(e.code() == ErrorCode.NOT_FOUND ? McpSchema.ErrorCodes.RESOURCE_NOT_FOUND
                        : McpSchema.ErrorCodes.INVALID_PARAMS, ToolAdapter.advice(e));
            }
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(request.uri(), JSON,
                    write(value))));
        };
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static McpError error(int code, String message) {
        return McpError.builder(code).message(message).build();
    }
}
