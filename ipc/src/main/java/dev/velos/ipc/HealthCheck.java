// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessStatus;

/**
 * The one health scorer of the client surfaces: REST's {@code GET /api/health} and MCP's
 * {@code health_check} (REFERENCE §10.2's shape). An app's score is the daemon's own
 * {@code health_score} of its newest log lines (errors, anomalies and restarts, REFERENCE §9.6,
 * computed once in logs), {@value #NOT_RUNNING_PENALTY} less when it is not running; the overall
 * score is the worst app's (100 with no apps). The issues say what cost the points, so a reader
 * sees at once which app to look at. Values are plain maps and lists, as {@link ProcessJson}'s.
 */
public final class HealthCheck {
    /** How many of an app's newest lines its summary reads. */
    public static final int SUMMARY_LINES = 200;
    public static final int NOT_RUNNING_PENALTY = 50;
    /** An issue quotes at most this much of the last error line. */
    private static final int LAST_ERROR_CHARS = 80;

    private HealthCheck() {
    }

    /** {@code {"overall_score", "process_count", "processes": [...]}} over the apps {@code grant} may see. */
    public static Map<String, Object> report(VelosClient client, Grant grant) {
        List<Map<String, Object>> processes = new ArrayList<>();
        int overall = 100;
        for (WireTypes.ProcessView v : client.list()) {
            if (!grant.sees(v.name())) {
                continue;
            }
            WireTypes.SummaryView s;
            try {
                s = client.logsSummary(new WireTypes.LogsQuery(v.name(), SUMMARY_LINES, "all", 0, 0, "", ""));
            } catch (IpcException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue; // deleted since the list was taken: nothing to report on
                }
                processes.add(app(v, List.of("log summary unavailable: " + e.getMessage()), 100));
                overall = Math.min(overall, (int) processes.getLast().get("score"));
                continue;
            }
            processes.add(app(v, s));
            overall = Math.min(overall, (int) processes.getLast().get("score"));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("overall_score", overall);
        o.put("process_count", processes.size());
        o.put("processes", processes);
        return o;
    }

    /** One app's entry, {@code {"issues", "name", "score", "status"}}, from its view and its log summary. */
    public static Map<String, Object> app(WireTypes.ProcessView v, WireTypes.SummaryView s) {
        List<String> issues = new ArrayList<>();
        long errors = s.byLevel().getOrDefault("error", 0L) + s.byLevel().getOrDefault("fatal", 0L);
        if (errors > 0) {
            issues.add(count(errors, "error", "errors") + " in the last " + count(s.totalLines(), "log line", "log lines"));
        }
        if (!s.anomalies().isEmpty()) {
            issues.add(count(s.anomalies().size(), "anomaly", "anomalies"));
        }
        if (s.lastError() != null) {
            issues.add("last error: " + cut(s.lastError(), LAST_ERROR_CHARS));
        }
        return app(v, issues, s.healthScore());
    }

    private static Map<String, Object> app(WireTypes.ProcessView v, List<String> logIssues, int logScore) {
        String status = ProcessJson.status(v);
        List<String> issues = new ArrayList<>();
        int score = logScore;
        if (v.status() != ProcessStatus.RUNNING.code()) {
            issues.add("status: " + status);
            score -= NOT_RUNNING_PENALTY;
        }
        if (v.restartCount() > 0) {
            issues.add(count(v.restartCount(), "restart", "restarts"));
        }
        issues.addAll(logIssues);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("issues", issues);
        p.put("name", v.name());
        p.put("score", Math.max(0, score));
        p.put("status", status);
        return p;
    }

    /** {@code "1 error"}, {@code "3 errors"}: the issues are read by people and agents alike. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** Keeps {@code max - 3} characters and appends {@code ...} (REFERENCE §9.6's truncation). */
    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
