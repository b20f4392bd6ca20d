// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.Grant;
import dev.velos.ipc.IpcException;
import dev.velos.ipc.Operation;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;
import dev.velos.model.ErrorCode;

/**
 * {@code health_check}: one score per process from its log summary's health (errors in its newest
 * lines and its restarts, REFERENCE §9.6) minus 50 when it is not running, and the issues that
 * cost points, so a model sees at once which process to look at.
 */
final class HealthTools {
    static final int LINES = 200;
    static final int NOT_RUNNING_PENALTY = 50;

    private final DaemonAccess daemon;

    HealthTools(DaemonAccess daemon) {
        this.daemon = daemon;
    }

    Tool tool() {
        return new Tool("health_check", "Scores every process 0-100 (100 = healthy) from its status, its restarts and "
                + "the errors in its newest " + LINES + " log lines, listing the issues found; overall_score is the "
                + "worst process's score. Use it for a quick 'is everything OK?' before digging in with log_summary.",
                Schemas.none(), Operation.HEALTH, call -> daemon.with(c -> check(c, call.grant())));
    }

    private Map<String, Object> check(VelosClient client, Grant grant) {
        List<Map<String, Object>> processes = new ArrayList<>();
        int overall = 100;
        for (WireTypes.ProcessView v : DaemonAccess.visible(grant, client.list())) {
            WireTypes.SummaryView s;
            try {
                s = client.logsSummary(new WireTypes.LogsQuery(v.name(), LINES, "all", 0, 0, "", ""));
            } catch (IpcException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue; // deleted since the list was taken
                }
                throw e;
            }
            Map<String, Object> p = score(v, s);
            overall = Math.min(overall, (int) p.get("score"));
            processes.add(p);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("overall_score", overall);
        o.put("process_count", processes.size());
        o.put("processes", processes);
        return o;
    }

    static Map<String, Object> score(WireTypes.ProcessView v, WireTypes.SummaryView s) {
        String status = Outputs.status(v);
        List<String> issues = new ArrayList<>();
        int score = s.healthScore();
        if (!status.equals("running")) {
            issues.add("status: " + status);
            score -= NOT_RUNNING_PENALTY;
        }
        if (v.restartCount() > 0) {
            issues.add(v.restartCount() + " restarts");
        }
        long errors = s.byLevel().getOrDefault("error", 0L) + s.byLevel().getOrDefault("fatal", 0L);
        if (errors > 0) {
            issues.add(errors + " errors in the last " + s.totalLines() + " log lines");
        }
        if (s.lastError() != null) {
            issues.add("last error: " + cut(s.lastError(), 80));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("issues", issues);
        p.put("name", v.name());
        p.put("score", Math.max(0, score));
        p.put("status", status);
        return p;
    }

    /** Keeps {@code max - 3} characters and appends {@code ...} (REFERENCE §9.6's truncation). */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
