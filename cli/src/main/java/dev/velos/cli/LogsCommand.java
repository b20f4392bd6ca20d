// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.SummaryJson;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes;
import dev.velos.logs.ClassifiedLine;
import dev.velos.logs.DedupGroup;
import dev.velos.logs.LogFilter;
import dev.velos.logs.LogQueryException;
import dev.velos.logs.TimeSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code velos logs [target]}: the newest lines from the log files, classified by content, then
 * filtered ({@code --level}, {@code --grep} with a linear-time RE2/J pattern, {@code --since},
 * {@code --until}) and shown in one mode: {@code --summary}, {@code --dedupe}, {@code --json},
 * {@code --ai} or plain; {@code -f} keeps following new lines. Without a target it shows every
 * process, each line prefixed with its name, like {@code pm2 logs}.
 */
@Command(name = "logs")
final class LogsCommand extends ClientCommand {
    /** Lines fetched for {@code --since} when no {@code -l} is given: effectively "all of that period". */
    private static final int SINCE_LINES = 200_000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<target>", descriptionKey = "logs-target")
    String targetArg;

    @Option(names = {"-l", "--lines"}, paramLabel = "<n>", descriptionKey = "lines")
    Integer lines;

    @Option(names = "--out", descriptionKey = "out")
    boolean outOnly;

    @Option(names = "--err", descriptionKey = "err")
    boolean errOnly;

    @Option(names = "--level", paramLabel = "<levels>", descriptionKey = "level")
    String level;

    @Option(names = "--grep", paramLabel = "<regex>", descriptionKey = "grep")
    String grep;

    @Option(names = "--since", paramLabel = "<time>", descriptionKey = "since")
    String since;

    @Option(names = "--until", paramLabel = "<time>", descriptionKey = "until")
    String until;

    @Option(names = "--dedupe", descriptionKey = "dedupe")
    boolean dedupe;

    @Option(names = "--summary", descriptionKey = "summary")
    boolean summary;

    @Option(names = "--ai", descriptionKey = "ai")
    boolean ai;

    @Option(names = "--raw", descriptionKey = "raw")
    boolean raw;

    @Option(names = "--raw-color", descriptionKey = "raw-color")
    boolean rawColor;

    @Option(names = {"-f", "--follow"}, descriptionKey = "follow")
    boolean follow;

    @Override
    String target() {
        return targetArg == null ? "all" : targetArg;
    }

    @Override
    boolean readOnly() {
        return true;
    }

    @Override
    int execute() {
        if (lines != null && lines < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--lines': " + lines
                    + " (use a number of lines, 0 or more)");
        }
        if (follow && (summary || dedupe)) {
            throw new ParameterException(spec.commandLine(), "--follow shows lines as they come; it cannot be combined"
                    + " with --summary or --dedupe");
        }
        long now = System.currentTimeMillis();
        LogFilter filter = filter(now);
        String stream = outOnly == errOnly ? "all" : outOnly ? "out" : "err";
        int wanted = lines != null ? lines : since != null ? SINCE_LINES : 50;
        long sinceMs = since == null ? 0 : TimeSpec.parse(since, now);
        try (VelosClient client = connect()) {
            if (follow) {
                return follow(client, filter, wanted, stream);
            }
            if (summary || dedupe) {
                // Computed by the daemon next to the files: only the digest crosses the socket.
                WireTypes.LogsQuery query = new WireTypes.LogsQuery(target(), wanted, stream, sinceMs,
                        until == null ? 0 : TimeSpec.parse(until, now), level == null ? "" : level, grep == null ? "" : grep);
                if (summary) {
                    printSummary(client.logsSummary(query));
                } else {
                    printDedupe(client.logsDedupe(query).stream().map(LogsView::group).toList());
                }
                return ExitCode.OK;
            }
            List<LogEntry> entries = client.logs(target(), wanted, stream, sinceMs);
            print(classify(entries, filter), entries);
        }
        return ExitCode.OK;
    }

    private LogFilter filter(long now) {
        try {
            LogFilter.Builder b = LogFilter.builder();
            if (level != null) {
                b.levels(level);
            }
            if (grep != null) {
                b.grep(grep);
            }
            if (since != null) {
                b.since(TimeSpec.parse(since, now));
            }
            if (until != null) {
                b.until(TimeSpec.parse(until, now));
            }
            return b.build();
        } catch (LogQueryException e) {
            throw new CliException(e.getMessage(), hint(e), ExitCode.RUNTIME, e);
        }
    }

    private static String hint(LogQueryException e) {
        return e.getMessage().startsWith("invalid grep") ? "RE2 syntax: no look-around or back-references."
                : "Use 30s, 15m, 2h, 7d, an epoch-ms number, or an ISO-8601 time like 2026-11-26T09:00:00Z.";
    }

    private static List<LogsView.Line> classify(List<LogEntry> entries, LogFilter filter) {
        List<LogsView.Line> result = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            ClassifiedLine c = LogsView.classify(e);
            if (filter.test(c)) {
                result.add(new LogsView.Line(e, c));
            }
        }
        return result;
    }

    private void printDedupe(List<DedupGroup> groups) {
        if (json || ai) {
            out().println(Json.pretty(LogsView.dedupeJson(groups)));
        } else if (groups.isEmpty()) {
            printEmpty();
        } else {
            Style style = style();
            groups.forEach(g -> out().println(LogsView.dedupePlain(g, style)));
        }
    }

    private void print(List<LogsView.Line> shown, List<LogEntry> fetched) {
        if (json) {
            JsonArray a = Json.array();
            shown.forEach(l -> a.add(LogsView.json(l)));
            out().println(Json.pretty(a));
        } else if (ai) {
            JsonArray a = Json.array();
            shown.forEach(l -> a.add(LogsView.ai(l)));
            out().println(Json.compact(a));
        } else if (shown.isEmpty()) {
            printEmpty();
        } else {
            boolean withName = fetched.stream().map(LogEntry::name).distinct().count() > 1 || targetArg == null;
            Style style = style();
            shown.forEach(l -> out().println(LogsView.plain(l, withName, raw, style)));
        }
    }

    /** Stdout's style; {@code --raw-color} keeps the apps' own colours on a terminal (every other control is still escaped). */
    @Override
    Style style() {
        return rawColor ? super.style().withAppColours() : super.style();
    }

    private void printEmpty() {
        out().println("[velos] No log entries for '" + target() + "'");
    }

    private void printSummary(WireTypes.SummaryView s) {
        if (json || ai) {
            out().println(Json.pretty(SummaryJson.of(s)));
        } else {
            out().println(LogsView.summaryText(LogsView.summary(s), style()));
        }
    }

    /** Prints the newest lines, then every new one, until Ctrl-C or the daemon stops. */
    private int follow(VelosClient client, LogFilter filter, int wanted, String stream) {
        Style style = style();
        boolean withName = targetArg == null || "all".equals(targetArg);
        client.follow(target(), wanted, stream, e -> {
            ClassifiedLine c = LogsView.classify(e);
            if (filter.test(c)) {
                LogsView.Line l = new LogsView.Line(e, c);
                out().println(json ? Json.compact(LogsView.json(l)) : ai ? Json.compact(LogsView.ai(l))
                        : LogsView.plain(l, withName, raw, style));
                out().flush();
            }
            return true;
        });
        return ExitCode.OK;
    }
}
