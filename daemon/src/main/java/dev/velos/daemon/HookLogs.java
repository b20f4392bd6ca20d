// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.logs.LogFilter;
import dev.velos.logs.LogSummary;
import dev.velos.logs.SummaryBuilder;
import dev.velos.supervisor.HookPayload;

/**
 * The daemon's share of a hook's payload (issue 19): the app's last {@value #LINES} log lines and
 * the smart log engine's summary of its recent lines, so an alert says what the app printed
 * before it crashed. Runs on the hook's virtual thread (file reads), never on the loop.
 */
final class HookLogs implements HookPayload {
    static final int LINES = 20;
    /** Lines the summary looks at: enough for patterns, bounded so a hook stays cheap. */
    private static final int SUMMARY_LINES = 1000;

    private final AppLogs logs;

    HookLogs(AppLogs logs) {
        this.logs = logs;
    }

    @Override
    public Map<String, Object> extra(Context context) {
        Map<String, Integer> ids = Map.of(context.app(), context.id());
        ArrayDeque<String> newestFirst = new ArrayDeque<>();
        SummaryBuilder summary = new SummaryBuilder(logs.newestTimestamp(ids, "all"));
        long[] fromEnd = {0};
        LogFilter all = LogFilter.builder().build();
        logs.newestFirst(ids, SUMMARY_LINES, "all", 0, e -> {
            if (newestFirst.size() < LINES) {
                newestFirst.add(e.text());
            }
            LogReports.classified(e, all).ifPresent(line -> summary.add(line, -(++fromEnd[0])));
            return true;
        });
        List<String> lines = new ArrayList<>(newestFirst.size());
        newestFirst.descendingIterator().forEachRemaining(lines::add);
        LogSummary s = summary.build(context.app(), 0);
        Map<String, Object> digest = new LinkedHashMap<>();
        digest.put("total_lines", s.totalLines());
        digest.put("by_level", s.byLevel());
        digest.put("health_score", s.healthScore());
        s.lastError().ifPresent(error -> digest.put("last_error", error));
        digest.put("top_patterns", s.topPatterns().stream().limit(5).map(p -> Map.of("template", p.template(),
                "count", p.count())).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("log_lines", lines);
        out.put("log_summary", digest);
        return out;
    }
}
