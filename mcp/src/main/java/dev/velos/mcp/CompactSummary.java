// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.WireTypes;

/**
 * {@code log_summary}'s answer: the daemon's summary (REFERENCE §9.6) in short keys, with
 * templates and the last error cut to a fixed length and at most three patterns, so it stays
 * under 200 tokens however many lines were analysed.
 */
final class CompactSummary {
    static final int TOP_PATTERNS = 3;
    static final int TEMPLATE_CHARS = 60;
    static final int ERROR_CHARS = 120;

    private CompactSummary() {
    }

    static Map<String, Object> of(WireTypes.SummaryView s, int restarts) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("n", s.processName());
        o.put("lines", s.totalLines());
        o.put("span_s", Math.max(0, s.periodEndMs() - s.periodStartMs()) / 1000);
        o.put("end", s.periodEndMs());
        o.put("lv", s.byLevel());
        o.put("top", s.topPatterns().stream().limit(TOP_PATTERNS)
                .map(p -> List.of(cut(p.template(), TEMPLATE_CHARS), p.count(), p.trend())).toList());
        if (s.lastError() != null) {
            o.put("err", cut(s.lastError(), ERROR_CHARS));
            o.put("err_t", s.lastErrorMs());
        }
        if (!s.anomalies().isEmpty()) {
            o.put("anomalies", s.anomalies().size());
        }
        o.put("health", s.healthScore());
        o.put("restarts", restarts);
        return o;
    }

    /** Keeps {@code max - 3} characters and appends {@code ...} (REFERENCE §9.6's truncation). */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
