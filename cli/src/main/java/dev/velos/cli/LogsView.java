// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.velos.ipc.WireTypes;
import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.logs.Anomaly;
import dev.velos.logs.AnomalyMetric;
import dev.velos.logs.AnomalySeverity;
import dev.velos.logs.ClassifiedLine;
import dev.velos.logs.Classifier;
import dev.velos.logs.RawLine;
import dev.velos.logs.SummaryText;
import dev.velos.logs.DedupGroup;
import dev.velos.logs.LogSummary;
import dev.velos.logs.TopPattern;
import dev.velos.logs.Trend;
import dev.velos.model.Level;
import dev.velos.model.LogStream;

/**
 * The renderings of {@code velos logs} (REFERENCE §8.7, §9.6): plain lines, {@code --json},
 * {@code --ai}, {@code --dedupe} and {@code --summary}. Human output uses local time; JSON uses
 * epoch milliseconds.
 */
final class LogsView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private LogsView() {
    }

    /** A fetched line with its classification. */
    record Line(LogEntry entry, ClassifiedLine classified) {
    }

    static LogStream stream(LogEntry e) {
        return LogStream.ofShortName(e.stream());
    }

    /** A fetched entry with the level the daemon decided (the classifier only for a daemon that sends none). */
    static ClassifiedLine classify(LogEntry e) {
        return Classifier.classify(new RawLine(e.timestampMs(), stream(e), e.text()), e.knownLevel());
    }

    static String clock(long millis) {
        return CLOCK.format(java.time.Instant.ofEpochMilli(millis));
    }

    /**
     * {@code [LEVEL|out|HH:MM:SS] message}, prefixed with {@code name | } when lines of several
     * processes are interleaved; {@code raw} prints the message alone. A piece continuing a line cut
     * at the length cap is marked with {@code ↪}.
     */
    static String plain(Line l, boolean withName, boolean raw, Style style) {
        String text = (l.entry().continued() ? "↪ " : "") + style.untrusted(l.entry().text());
        if (raw) {
            return text;
        }
        Level level = l.classified().level();
        String head = "[" + level.name() + "|" + l.entry().stream() + "|" + clock(l.entry().timestampMs()) + "]";
        String coloured = switch (level) {
            case FATAL, ERROR -> style.red(head);
            case WARN -> style.yellow(head);
            case DEBUG -> style.cyan(head);
            case INFO -> style.green(head);
        };
        return (withName ? style.untrusted(l.entry().name()) + " | " : "") + coloured + " " + text;
    }

    /** The text of {@code --summary}, each of its lines (the last error, the patterns) as {@code style} shows untrusted text. */
    static String summaryText(LogSummary s, Style style) {
        return SummaryText.render(s).lines().map(style::untrusted).collect(java.util.stream.Collectors.joining("\n"));
    }

    static JsonObject json(Line l) {
        JsonObject o = Json.object();
        o.put("timestamp_ms", l.entry().timestampMs());
        o.put("level", l.classified().level().jsonName());
        o.put("stream", stream(l.entry()).code());
        o.put("stream_str", l.entry().stream());
        o.put("name", l.entry().name());
        o.put("message", l.entry().text());
        if (l.entry().continued()) {
            o.put("continued", true);
        }
        return o;
    }

    static JsonObject ai(Line l) {
        JsonObject o = Json.object();
        o.put("l", l.classified().level().lowerName());
        o.put("m", l.entry().text());
        o.put("t", l.entry().timestampMs());
        return o;
    }

    static String dedupePlain(DedupGroup g, Style style) {
        String base = "[" + g.level().name() + "] " + style.untrusted(g.sample());
        return g.count() > 1 ? base + " (x" + g.count() + ", first: " + clock(g.firstSeenMs()) + ", last: "
                + clock(g.lastSeenMs()) + ")" : base;
    }

    static JsonArray dedupeJson(List<DedupGroup> groups) {
        JsonArray a = Json.array();
        for (DedupGroup g : groups) {
            JsonObject o = a.addObject();
            o.put("template", g.template());
            o.put("count", g.count());
            o.put("first_seen_ms", g.firstSeenMs());
            o.put("last_seen_ms", g.lastSeenMs());
            o.put("level", g.level().jsonName());
            o.put("sample", g.sample());
        }
        return a;
    }

    /** The daemon's summary as the engine's record (for the text rendering and the JSON shape). */
    static LogSummary summary(WireTypes.SummaryView v) {
        List<TopPattern> patterns = v.topPatterns().stream()
                .map(p -> new TopPattern(p.template(), p.count(), byName(Trend.values(), Trend::wireName, p.trend()))).toList();
        List<Anomaly> anomalies = v.anomalies().stream().map(a -> new Anomaly(
                byName(AnomalyMetric.values(), AnomalyMetric::wireName, a.metric()), a.currentValue(), a.mean(), a.stdDev(),
                a.sigma(), a.timestampMs(), byName(AnomalySeverity.values(), AnomalySeverity::jsonName, a.severity())))
                .toList();
        return new LogSummary(v.processName(), v.periodStartMs(), v.periodEndMs(), v.totalLines(), v.byLevel(), patterns,
                anomalies, java.util.Optional.ofNullable(v.lastError()),
                v.lastErrorMs() == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(v.lastErrorMs()),
                v.healthScore());
    }

    /** The daemon's dedupe group as the engine's record. */
    static DedupGroup group(WireTypes.DedupView v) {
        return new DedupGroup(v.template(), v.count(), v.firstSeenMs(), v.lastSeenMs(),
                byName(Level.values(), Level::jsonName, v.level()), v.sample());
    }

    private static <E> E byName(E[] values, java.util.function.Function<E, String> name, String wire) {
        for (E e : values) {
            if (name.apply(e).equals(wire)) {
                return e;
            }
        }
        throw new CliException("the daemon sent an unknown value '" + wire + "'", "Check that the CLI and the daemon are"
                + " the same version (velos ping --json).");
    }
}
