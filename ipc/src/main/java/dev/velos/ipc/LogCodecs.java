// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.List;

import dev.velos.ipc.WireTypes.AnomalyView;
import dev.velos.ipc.WireTypes.DedupView;
import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes.LogsArgs;
import dev.velos.ipc.WireTypes.LogsQuery;
import dev.velos.ipc.WireTypes.PatternView;
import dev.velos.ipc.WireTypes.SummaryView;

/** The wire form of log lines, log queries and the daemon's log reports (summary, dedupe). */
public final class LogCodecs {
    private LogCodecs() {
    }

    public static final WireCodec<LogEntry> LOG_ENTRY = WireCodec.record("log line",
            (w, e) -> w
                    .i64("id", e.id())
                    .str("name", e.name())
                    .str("stream", e.stream())
                    .i64("timestamp_ms", e.timestampMs())
                    .str("text", e.text())
                    .bool("continued", e.continued())
                    .optional("level", e.level().isEmpty() ? null : e.level())
                    .optional("ord", e.ord() == 0 ? null : (long) e.ord()),
            f -> new LogEntry(
                    f.i32("id"),
                    f.str("name"),
                    f.str("stream"),
                    f.i64("timestamp_ms"),
                    f.str("text"),
                    f.bool("continued"),
                    f.str("level", ""),
                    f.i32("ord")));

    public static final WireCodec<List<LogEntry>> LOG_ENTRIES = WireCodec.listOf(LOG_ENTRY, "log lines");

    public static final WireCodec<WireTypes.FollowMark> FOLLOW_MARK = WireCodec.record("follow mark",
            (w, m) -> w
                    .str("name", m.name())
                    .str("stream", m.stream())
                    .i64("timestamp_ms", m.timestampMs())
                    .i64("ord", m.ord()),
            f -> new WireTypes.FollowMark(
                    f.requiredStr("name"),
                    f.str("stream", "out"),
                    f.i64("timestamp_ms"),
                    f.i32("ord")));

    public static final WireCodec<WireTypes.FollowFrom> FOLLOW_FROM = WireCodec.record("follow resume",
            (w, r) -> w
                    .i64("after_ms", r.afterMs())
                    .with("marks", r.marks(), WireCodec.listOf(FOLLOW_MARK, "marks")),
            f -> new WireTypes.FollowFrom(
                    f.i64("after_ms"),
                    f.list("marks", FOLLOW_MARK)));

    /** No target follows every app ({@code logs.follow}); no stream is both; no resume is a new follower. */
    public static final WireCodec<LogsArgs> LOGS_ARGS = WireCodec.record("logs args",
            (w, a) -> {
                w.str("target", a.target())
                        .i64("lines", a.lines())
                        .str("stream", a.stream())
                        .i64("since_ms", a.sinceMs());
                if (a.resume().isResume()) {
                    w.with("resume", a.resume(), FOLLOW_FROM);
                }
            },
            f -> new LogsArgs(
                    f.str("target"),
                    f.i32("lines"),
                    f.str("stream", "all"),
                    f.i64("since_ms"),
                    f.record("resume", FOLLOW_FROM, WireTypes.FollowFrom.NONE)));

    public static final WireCodec<LogsQuery> LOGS_QUERY = WireCodec.record("logs query",
            (w, q) -> w
                    .str("target", q.target())
                    .i64("lines", q.lines())
                    .str("stream", q.stream())
                    .i64("since_ms", q.sinceMs())
                    .i64("until_ms", q.untilMs())
                    .str("levels", q.levels())
                    .str("grep", q.grep()),
            f -> new LogsQuery(
                    f.requiredStr("target"),
                    f.i32("lines"),
                    f.str("stream", "all"),
                    f.i64("since_ms"),
                    f.i64("until_ms"),
                    f.str("levels"),
                    f.str("grep")));

    public static final WireCodec<PatternView> PATTERN_VIEW = WireCodec.record("pattern",
            (w, p) -> w
                    .str("template", p.template())
                    .i64("count", p.count())
                    .str("trend", p.trend()),
            f -> new PatternView(
                    f.str("template"),
                    f.i64("count"),
                    f.str("trend")));

    public static final WireCodec<AnomalyView> ANOMALY_VIEW = WireCodec.record("anomaly",
            (w, a) -> w
                    .str("metric", a.metric())
                    .f64("current_value", a.currentValue())
                    .f64("mean", a.mean())
                    .f64("std_dev", a.stdDev())
                    .f64("sigma", a.sigma())
                    .i64("timestamp_ms", a.timestampMs())
                    .str("severity", a.severity()),
            f -> new AnomalyView(
                    f.str("metric"),
                    f.f64("current_value"),
                    f.f64("mean"),
                    f.f64("std_dev"),
                    f.f64("sigma"),
                    f.i64("timestamp_ms"),
                    f.str("severity")));

    /** {@code last_error}/{@code last_error_ms} stay null when the lines held no error. */
    public static final WireCodec<SummaryView> SUMMARY_VIEW = WireCodec.record("log summary",
            (w, s) -> w
                    .str("process_name", s.processName())
                    .i64("period_start_ms", s.periodStartMs())
                    .i64("period_end_ms", s.periodEndMs())
                    .i64("total_lines", s.totalLines())
                    .value("by_level", s.byLevel())
                    .with("top_patterns", s.topPatterns(), WireCodec.listOf(PATTERN_VIEW, "top_patterns"))
                    .with("anomalies", s.anomalies(), WireCodec.listOf(ANOMALY_VIEW, "anomalies"))
                    .str("last_error", s.lastError())
                    .i64("last_error_ms", s.lastErrorMs())
                    .i64("health_score", s.healthScore()),
            f -> new SummaryView(
                    f.str("process_name"),
                    f.i64("period_start_ms"),
                    f.i64("period_end_ms"),
                    f.i64("total_lines"),
                    f.longMap("by_level"),
                    f.list("top_patterns", PATTERN_VIEW),
                    f.list("anomalies", ANOMALY_VIEW),
                    f.strOrNull("last_error"),
                    f.i64OrNull("last_error_ms"),
                    f.i32("health_score")));

    public static final WireCodec<DedupView> DEDUP_VIEW = WireCodec.record("dedupe group",
            (w, d) -> w
                    .str("template", d.template())
                    .i64("count", d.count())
                    .i64("first_seen_ms", d.firstSeenMs())
                    .i64("last_seen_ms", d.lastSeenMs())
                    .str("level", d.level())
                    .str("sample", d.sample()),
            f -> new DedupView(
                    f.str("template"),
                    f.i64("count"),
                    f.i64("first_seen_ms"),
                    f.i64("last_seen_ms"),
                    f.str("level"),
                    f.str("sample")));

    public static final WireCodec<List<DedupView>> DEDUP_VIEWS = WireCodec.listOf(DEDUP_VIEW, "dedupe groups");
}
