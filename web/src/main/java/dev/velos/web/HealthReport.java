// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.velos.ipc.Grant;
import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

/**
 * {@code GET /api/health}: the {@code health_check} data of REFERENCE §10.2, with each app's
 * score taken from the daemon's log summary of its recent lines (errors, anomalies and restarts
 * all count, REFERENCE §9.6) and 50 more off when it is not running. The overall score is the
 * worst app's (100 with no apps).
 */
final class HealthReport {
    static final int SUMMARY_LINES = 200;

    private HealthReport() {
    }

    /** The report on the apps {@code grant} may see. */
    static ObjectNode of(DaemonLink daemon, Grant grant) {
        List<WireTypes.ProcessView> processes = daemon.call(VelosClient::list).stream().filter(p -> grant.sees(p.name()))
                .toList();
        ArrayNode apps = HttpJson.array();
        int overall = 100;
        for (WireTypes.ProcessView p : processes) {
            ObjectNode app = app(daemon, p);
            overall = Math.min(overall, app.get("score").asInt());
            apps.add(app);
        }
        ObjectNode o = HttpJson.object();
        o.put("overall_score", overall);
        o.put("process_count", processes.size());
        o.set("processes", apps);
        return o;
    }

    private static ObjectNode app(DaemonLink daemon, WireTypes.ProcessView p) {
        ArrayNode issues = HttpJson.array();
        int score;
        try {
            WireTypes.SummaryView s = daemon.call(c -> c.logsSummary(
                    new WireTypes.LogsQuery(p.name(), SUMMARY_LINES, "all", 0, 0, "", "")));
            score = s.healthScore();
            long errors = s.byLevel().getOrDefault("error", 0L) + s.byLevel().getOrDefault("fatal", 0L);
            if (errors > 0) {
                issues.add(errors + " error line(s) in the last " + SUMMARY_LINES);
            }
            if (!s.anomalies().isEmpty()) {
                issues.add(s.anomalies().size() + " anomal" + (s.anomalies().size() == 1 ? "y" : "ies"));
            }
            if (s.lastError() != null) {
                issues.add("last error: " + s.lastError());
            }
        } catch (IpcException e) {
            score = 100;
            issues.add("log summary unavailable: " + e.getMessage());
        }
        if (p.status() != 1) {
            score -= 50;
            issues.add("status: " + p.statusStr());
        }
        if (p.restartCount() > 0) {
            issues.add(p.restartCount() + " restarts");
        }
        ObjectNode o = HttpJson.object();
        o.set("issues", issues);
        o.put("name", p.name());
        o.put("score", Math.max(0, score));
        o.put("status", p.statusStr());
        return o;
    }
}
