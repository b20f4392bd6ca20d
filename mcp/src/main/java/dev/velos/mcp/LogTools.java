// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.Operation;
import dev.velos.ipc.WireTypes;
import dev.velos.logs.ClassifiedLine;
import dev.velos.logs.Classifier;
import dev.velos.logs.LogFilter;
import dev.velos.logs.LogQueryException;
import dev.velos.logs.RawLine;
import dev.velos.logs.TimeSpec;
import dev.velos.model.LogStream;

/**
 * The log tools. Lines are classified here with the same engine as {@code velos logs}; the
 * summary is computed by the daemon next to the files, so 50,000 lines cost one small answer.
 */
record LogTools(DaemonAccess daemon) {
    static final int READ_DEFAULT = 50;
    static final int SEARCH_DEFAULT = 500;
    static final int SUMMARY_DEFAULT = 200;
    /** A search answers with at most this many (the newest) matches, so one call cannot flood the context. */
    static final int SEARCH_MAX_MATCHES = 200;
    private static final String ALL_LEVELS = "debug,info,warn,error,fatal";
    private static final String LEVELS = "Comma-separated levels to keep: debug, info, warn, error, fatal "
            + "(error does not include fatal). Default: all.";
    private static final String SINCE = "Only lines at or after this time: 30s, 15m, 2h, 7d ago, or epoch milliseconds.";
    private static final String UNTIL = "Only lines at or before this time: same forms as since.";

    List<Tool> tools() {
        return List.of(
                new Tool("log_read", "Reads the newest log lines of a process (stdout and stderr), each classified as "
                        + "debug/info/warn/error/fatal, as [{\"l\": level, \"m\": message, \"t\": epoch ms}], oldest first. "
                        + "Use it to see what a process printed recently; prefer log_summary for many lines.",
                        Schemas.object(Schemas.properties("name_or_id", Schemas.NAME_OR_ID,
                                "lines", Schemas.integer("How many of the newest lines to read (before the level filter).", READ_DEFAULT),
                                "level", Schemas.string(LEVELS)), "name_or_id"),
                        Operation.LOGS, this::read),
                new Tool("log_search", "Finds log lines of a process matching a regular expression (RE2 syntax: no "
                        + "look-around or backreferences) among its newest lines, optionally within a time window, "
                        + "answering like log_read (at most " + SEARCH_MAX_MATCHES + " newest matches). Use it to find "
                        + "specific errors, requests or ids.",
                        Schemas.object(Schemas.properties("name_or_id", Schemas.NAME_OR_ID,
                                "pattern", Schemas.string("RE2 regular expression matched anywhere in the message, e.g. timeout|refused."),
                                "since", Schemas.string(SINCE),
                                "until", Schemas.string(UNTIL),
                                "level", Schemas.string(LEVELS),
                                "lines", Schemas.integer("How many of the newest lines to scan.", SEARCH_DEFAULT)),
                                "name_or_id", "pattern"),
                        Operation.LOGS, this::search),
                new Tool("log_summary", "Summarises a process's newest log lines: line count, lines per level, top "
                        + "recurring message templates with trend, anomalies, the last error and a health score (0-100). "
                        + "Use it first when diagnosing a process; it costs the same for 50 or 50,000 lines. Keys: "
                        + "process_name, period_start_ms and period_end_ms (epoch ms of the first and last line), "
                        + "total_lines, by_level (count per level), top_patterns [{template, count, trend}], anomalies, "
                        + "last_error and last_error_ms (null when none), health_score. level, since and until narrow "
                        + "the lines analysed.",
                        Schemas.object(Schemas.properties("name_or_id", Schemas.NAME_OR_ID,
                                "lines", Schemas.integer("How many of the newest lines to analyse (up to 200000).", SUMMARY_DEFAULT),
                                "level", Schemas.string(LEVELS),
                                "since", Schemas.string(SINCE),
                                "until", Schemas.string(UNTIL)),
                                "name_or_id"),
                        Operation.LOGS, this::summary));
    }

    private Object read(ToolCall call) {
        ToolArgs args = call.args();
        String target = daemon.target(call);
        LogFilter filter = query(() -> LogFilter.builder().levels(args.optional("level").orElse(ALL_LEVELS)).build());
        int lines = args.count("lines", READ_DEFAULT);
        return shown(daemon.with(c -> c.logs(target, lines, "all")), filter, Integer.MAX_VALUE);
    }

    private Object search(ToolCall call) {
        ToolArgs args = call.args();
        String pattern = args.required("pattern", "an RE2 regular expression such as error|timeout");
        String target = daemon.target(call);
        long now = System.currentTimeMillis();
        long since = time(args, "since", now, 0L);
        long until = time(args, "until", now, Long.MAX_VALUE);
        LogFilter filter = query(() -> LogFilter.builder().levels(args.optional("level").orElse(ALL_LEVELS))
                .grep(pattern).since(since).until(until).build());
        int lines = args.count("lines", SEARCH_DEFAULT);
        return shown(daemon.with(c -> c.logs(target, lines, "all", since)), filter, SEARCH_MAX_MATCHES);
    }

    private Object summary(ToolCall call) {
        ToolArgs args = call.args();
        String target = daemon.target(call);
        int lines = args.count("lines", SUMMARY_DEFAULT);
        long now = System.currentTimeMillis();
        long since = time(args, "since", now, 0L);
        long until = time(args, "until", now, 0L);
        String levels = args.optional("level").orElse("");
        query(() -> LogFilter.builder().levels(levels.isEmpty() ? ALL_LEVELS : levels).build()); // a bad level is the model's to fix
        return Outputs.summary(daemon.with(c -> c.logsSummary(new WireTypes.LogsQuery(target, lines, "all", since, until,
                levels, ""))));
    }

    /** A since/until argument as epoch ms ({@code fallback} when absent); a bad one is a {@link ToolException}. */
    static long time(ToolArgs args, String key, long now, long fallback) {
        return args.optional(key).map(s -> query(() -> TimeSpec.parse(s, now))).orElse(fallback);
    }

    /** The filtered lines as {@code {"l","m","t"}}, keeping the newest {@code max}. */
    static List<Map<String, Object>> shown(List<WireTypes.LogEntry> entries, LogFilter filter, int max) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (WireTypes.LogEntry e : entries) {
            ClassifiedLine c = Classifier.classify(new RawLine(e.timestampMs(), LogStream.ofShortName(e.stream()), e.text()),
                    e.knownLevel());
            if (filter.test(c)) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("l", c.level().lowerName());
                o.put("m", e.text());
                o.put("t", e.timestampMs());
                out.add(o);
            }
        }
        return out.size() > max ? out.subList(out.size() - max, out.size()) : out;
    }

    /** Runs a log-query step whose bad input ({@link LogQueryException}) the model should correct. */
    static <T> T query(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (LogQueryException e) {
            throw new ToolException(e.getMessage().replace("invalid grep pattern", "invalid regex pattern"));
        }
    }
}
