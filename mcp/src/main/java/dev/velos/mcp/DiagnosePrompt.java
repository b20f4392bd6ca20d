// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

import dev.velos.ipc.AccessDeniedException;
import dev.velos.ipc.AuditQuery;
import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.Grant;
import dev.velos.ipc.WireTypes;
import dev.velos.model.VelosException;

/**
 * The {@code diagnose_app} prompt (issue 23): everything a model needs to explain why an app is
 * unwell, in one user message: its info, its log summary, its last error, its recent restarts
 * (the daemon's counters, the lifecycle events this server saw, and the audit trail's manual
 * restarts), and the newest error lines, with the question to answer. The facts are gathered
 * when the prompt is requested, so the message is a snapshot.
 */
final class DiagnosePrompt {
    static final String NAME = "diagnose_app";
    static final int ERROR_LINES = 10;

    private final DaemonAccess daemon;
    private final SessionAccess access;
    private final RecentEvents recent;

    DiagnosePrompt(DaemonAccess daemon, SessionAccess access, RecentEvents recent) {
        this.daemon = daemon;
        this.access = access;
        this.recent = recent;
    }

    SyncPromptSpecification prompt() {
        McpSchema.Prompt prompt = new McpSchema.Prompt(NAME, "Diagnose a process", "Gathers a process's status, "
                + "settings, log summary, last error and recent restarts into one message and asks what went wrong and "
                + "what to change.", List.of(new McpSchema.PromptArgument("name", "The process name or id to diagnose.", true)));
        return new SyncPromptSpecification(prompt, (exchange, request) -> {
            Grant grant = access.grant(exchange.transportContext()).orElseThrow(() -> McpError
                    .builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("no access grant on this request").build());
            Object name = request.arguments() == null ? null : request.arguments().get("name");
            if (!(name instanceof String target) || target.isBlank()) {
                throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                        .message("missing 'name': the process name or id to diagnose; process_list shows them").build();
            }
            try {
                daemon.requireTarget(grant, target);
                return new McpSchema.GetPromptResult("Diagnosis of " + target, List.of(new McpSchema.PromptMessage(
                        McpSchema.Role.USER, new McpSchema.TextContent(message(target)))));
            } catch (AccessDeniedException e) {
                throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage()).build();
            } catch (DaemonUnavailableException e) {
                throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(DaemonAccess.NOT_RUNNING).build();
            } catch (VelosException e) {
                throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(ToolAdapter.advice(e)).build();
            }
        });
    }

    /** The message: headed sections a model (or a person) can scan. */
    String message(String target) {
        List<WireTypes.ProcessView> views = daemon.with(c -> c.info(target));
        WireTypes.SummaryView summary = daemon.with(c -> c.logsSummary(new WireTypes.LogsQuery(target,
                LogTools.SUMMARY_DEFAULT, "all", 0, 0, "", "")));
        List<WireTypes.LogEntry> lines = daemon.with(c -> c.logs(target, LogTools.SEARCH_DEFAULT, "all"));
        StringBuilder m = new StringBuilder();
        m.append("Diagnose the velos process '").append(target).append("': say what went wrong, why, and what to change ")
                .append("(a fix in its code or environment, or settings through config_set), citing the facts below.\n");
        m.append("\n## Status\n");
        views.forEach(v -> m.append(status(v)).append('\n'));
        m.append("\n## Last error\n");
        m.append(summary.lastError() == null ? "none in its newest " + summary.totalLines() + " log lines"
                : summary.lastError() + " (at " + Instant.ofEpochMilli(summary.lastErrorMs()) + ")").append('\n');
        m.append("\n## Recent restarts\n");
        restarts(target, views, m);
        m.append("\n## Log summary (newest ").append(summary.totalLines()).append(" lines)\n");
        m.append("health score ").append(summary.healthScore()).append("/100; lines by level ").append(summary.byLevel())
                .append('\n');
        summary.topPatterns().stream().limit(5).forEach(p -> m.append("- ").append(p.count()).append("× ")
                .append(p.template()).append(" (").append(p.trend()).append(")\n"));
        summary.anomalies().forEach(a -> m.append("- anomaly: ").append(a.metric()).append(' ').append(a.severity())
                .append(String.format(java.util.Locale.ROOT, " (%.1f sigma)", a.sigma())).append('\n'));
        m.append("\n## Newest error lines\n");
        List<Map<String, Object>> errors = LogTools.shown(lines, dev.velos.logs.LogFilter.builder().levels("error,fatal")
                .build(), ERROR_LINES);
        if (errors.isEmpty()) {
            m.append("none\n");
        }
        errors.forEach(e -> m.append(Instant.ofEpochMilli((Long) e.get("t"))).append(' ').append(e.get("m")).append('\n'));
        return m.toString();
    }

    private static String status(WireTypes.ProcessView v) {
        return v.name() + ": " + Outputs.status(v) + ", pid " + v.pid() + ", up " + v.uptimeMs() + " ms, "
                + v.restartCount() + " restarts (" + v.consecutiveCrashes() + " quick crashes in a row), last exit code "
                + v.lastExitCode() + (v.lastSignal() > 0 ? " (signal " + v.lastSignal() + ")" : "")
                + (v.lastRestartReason() == null || v.lastRestartReason().isEmpty() ? "" : ", last restart: "
                + v.lastRestartReason()) + "; runs " + v.script() + (v.args() == null || v.args().isEmpty() ? "" : " " + String.join(" ", v.args()))
                + " in " + v.cwd() + "; autorestart " + v.autorestart() + ", max_restarts " + v.maxRestarts()
                + ", memory " + v.memoryBytes() + " bytes" + (v.maxMemoryRestart() > 0 ? " (limit " + v.maxMemoryRestart()
                + ")" : "");
    }

    private void restarts(String target, List<WireTypes.ProcessView> views, StringBuilder m) {
        views.stream().filter(v -> v.lastRestartMs() > 0).forEach(v -> m.append(v.name()).append(" last restarted at ")
                .append(Instant.ofEpochMilli(v.lastRestartMs())).append('\n'));
        for (String name : views.stream().map(WireTypes.ProcessView::name).toList()) {
            recent.of(name).stream().filter(e -> !e.type().equals("ready")).forEach(e -> m.append("- ")
                    .append(Instant.ofEpochMilli(e.atMs())).append(' ').append(AppAlerts.what(e)).append('\n'));
        }
        List<AuditRecord> manual;
        try {
            manual = access.auditLog().read(new AuditQuery(0, 0, views.stream().map(v -> dev.velos.model.AppNames
                    .baseOf(v.name())).distinct().toList(), "", 10));
        } catch (VelosException e) {
            manual = List.of(); // an unreadable trail must not hide the rest of the diagnosis
            m.append("(the audit trail could not be read: ").append(e.getMessage()).append(")\n");
        }
        manual.forEach(r -> m.append("- ").append(r.time()).append(' ').append(r.command()).append(" by ").append(r.actor())
                .append(" over ").append(r.channel()).append(r.ok() ? "" : " (failed: " + r.error() + ")").append('\n'));
        if (views.stream().allMatch(v -> v.restartCount() == 0) && manual.isEmpty()) {
            m.append("none\n");
        }
    }
}
