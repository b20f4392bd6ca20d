// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one mapping from the daemon's log summary ({@link WireTypes.SummaryView}) to the LogSummary
 * JSON of REFERENCE §9.6, keys in its order, {@code last_error} and {@code last_error_ms} null when
 * there was none: what {@code velos logs --summary --json}, REST's {@code /api/logs/{name}/summary}
 * and MCP's {@code log_summary} print. Plain ordered maps, as {@link ProcessJson}'s.
 */
public final class SummaryJson {
    private SummaryJson() {
    }

    public static Map<String, Object> of(WireTypes.SummaryView s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("process_name", s.processName());
        o.put("period_start_ms", s.periodStartMs());
        o.put("period_end_ms", s.periodEndMs());
        o.put("total_lines", s.totalLines());
        o.put("by_level", s.byLevel());
        o.put("top_patterns", s.topPatterns().stream().map(SummaryJson::pattern).toList());
        o.put("anomalies", s.anomalies().stream().map(SummaryJson::anomaly).toList());
        o.put("last_error", s.lastError());
        o.put("last_error_ms", s.lastErrorMs());
        o.put("health_score", s.healthScore());
        return o;
    }

    private static Map<String, Object> pattern(WireTypes.PatternView p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("template", p.template());
        o.put("count", p.count());
        o.put("trend", p.trend());
        return o;
    }

    private static Map<String, Object> anomaly(WireTypes.AnomalyView a) {
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
}
