// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.velos.ipc.WireTypes.AnomalyView;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.ipc.WireTypes.SummaryView;

/**
 * The JSON objects the tools answer with (REFERENCE §10.2): the process shapes with keys in
 * alphabetical order like the original, the log summary in REFERENCE §9.6's order.
 */
final class Outputs {
    private Outputs() {
    }

    static String status(ProcessView v) {
        return v.statusStr() == null ? String.valueOf(v.status()) : v.statusStr().toLowerCase(Locale.ROOT);
    }

    /** {@code process_list} entry: memory in bytes, uptime in ms. */
    static Map<String, Object> listEntry(ProcessView v) {
        Map<String, Object> o = live(v);
        o.put("id", v.id());
        return o;
    }

    /** {@code process_info}: the list entry plus the settings a model needs to reason about restarts. No env. */
    static Map<String, Object> info(ProcessView v) {
        Map<String, Object> o = listEntry(v);
        o.put("args", v.args() == null ? java.util.List.of() : v.args());
        o.put("autorestart", v.autorestart());
        o.put("cpu_percent", v.cpuPercent());
        o.put("cwd", v.cwd());
        o.put("interpreter", v.interpreter() == null ? "" : v.interpreter());
        o.put("last_exit_code", v.lastExitCode());
        o.put("last_restart_reason", v.lastRestartReason() == null ? "" : v.lastRestartReason());
        o.put("max_restarts", v.maxRestarts());
        o.put("script", v.script());
        if (!v.orchestration().isEmpty()) {
            o.put("orchestration", v.orchestration());
        }
        if (!v.orchestrationState().isEmpty()) {
            o.put("orchestration_state", v.orchestrationState());
        }
        return o;
    }

    /** {@code metrics_snapshot} entry: the live numbers only. */
    static Map<String, Object> metrics(ProcessView v) {
        Map<String, Object> o = live(v);
        o.put("cpu_percent", v.cpuPercent());
        return o;
    }

    /** What every process shape has; a sorted map, so the keys come out in alphabetical order. */
    private static Map<String, Object> live(ProcessView v) {
        Map<String, Object> o = new TreeMap<>();
        o.put("memory", v.memoryBytes());
        o.put("name", v.name());
        o.put("pid", v.pid());
        o.put("restarts", v.restartCount());
        o.put("status", status(v));
        o.put("uptime_ms", v.uptimeMs());
        return o;
    }

    /**
     * {@code log_summary}: the LogSummary of REFERENCE §9.6 with its documented keys in its order
     * ({@code last_error} and {@code last_error_ms} null when there was none), so a client written
     * against the documented tool reads it as it is. Short keys are for {@code --ai} output only.
     */
    static Map<String, Object> summary(SummaryView s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("process_name", s.processName());
        o.put("period_start_ms", s.periodStartMs());
        o.put("period_end_ms", s.periodEndMs());
        o.put("total_lines", s.totalLines());
        o.put("by_level", s.byLevel());
        o.put("top_patterns", s.topPatterns().stream().map(p -> {
            Map<String, Object> pattern = new LinkedHashMap<>();
            pattern.put("template", p.template());
            pattern.put("count", p.count());
            pattern.put("trend", p.trend());
            return pattern;
        }).toList());
        o.put("anomalies", s.anomalies().stream().map(Outputs::anomaly).toList());
        o.put("last_error", s.lastError());
        o.put("last_error_ms", s.lastErrorMs());
        o.put("health_score", s.healthScore());
        return o;
    }

    private static Map<String, Object> anomaly(AnomalyView a) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("metric", a.metric());
        o.put("current_value", a.currentValue());
        o.put("mean", a.mean());
        o.put("std_dev", a.stdDev());
        o.put("sigma", a.sigma());
        o.put("timestamp_ms", a.timestampMs());
        o.put("severity", a.severity());
        return o;
    }

    static Map<String, Object> done(String verb, String target) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("message", verb + " " + target);
        o.put("success", true);
        return o;
    }
}
