// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.WireTypes;
import dev.velos.logs.Anomaly;
import dev.velos.logs.ClassifiedLine;
import dev.velos.logs.Classifier;
import dev.velos.logs.DedupGroup;
import dev.velos.logs.LogFilter;
import dev.velos.logs.LogSummary;
import dev.velos.logs.RawLine;
import dev.velos.logs.TopPattern;
import dev.velos.model.LogStream;

/**
 * The log engine run where the files are: {@code velos logs -l 50000 --summary} then moves a
 * digest over the socket instead of fifty thousand lines (REFERENCE §9 semantics unchanged).
 */
final class LogReports {
    private LogReports() {
    }

    static LogFilter filter(WireTypes.LogsQuery q) {
        LogFilter.Builder b = LogFilter.builder();
        if (q.levels() != null && !q.levels().isBlank()) {
            b.levels(q.levels());
        }
        if (q.grep() != null && !q.grep().isEmpty()) {
            b.grep(q.grep());
        }
        if (q.sinceMs() > 0) {
            b.since(q.sinceMs());
        }
        if (q.untilMs() > 0) {
            b.until(q.untilMs());
        }
        return b.build();
    }

    /** {@code e} with the level the store decided, if it passes {@code filter}. */
    static java.util.Optional<ClassifiedLine> classified(WireTypes.LogEntry e, LogFilter filter) {
        ClassifiedLine c = Classifier.classify(new RawLine(e.timestampMs(), LogStream.ofShortName(e.stream()), e.text()),
                e.knownLevel());
        return filter.test(c) ? java.util.Optional.of(c) : java.util.Optional.empty();
    }

    static WireTypes.SummaryView summary(LogSummary s) {
        List<WireTypes.PatternView> patterns = new ArrayList<>();
        for (TopPattern p : s.topPatterns()) {
            patterns.add(new WireTypes.PatternView(p.template(), p.count(), p.trend().wireName()));
        }
        List<WireTypes.AnomalyView> anomalies = new ArrayList<>();
        for (Anomaly a : s.anomalies()) {
            anomalies.add(new WireTypes.AnomalyView(a.metric().wireName(), a.currentValue(), a.mean(), a.stdDev(), a.sigma(),
                    a.timestampMs(), a.severity().jsonName()));
        }
        return new WireTypes.SummaryView(s.processName(), s.periodStartMs(), s.periodEndMs(), s.totalLines(), s.byLevel(),
                patterns, anomalies, s.lastError().orElse(null), s.lastErrorMs().isPresent() ? s.lastErrorMs().getAsLong() : null,
                s.healthScore());
    }

    static List<WireTypes.DedupView> dedupe(List<DedupGroup> groups) {
        List<WireTypes.DedupView> views = new ArrayList<>();
        for (DedupGroup g : groups) {
            views.add(new WireTypes.DedupView(g.template(), g.count(), g.firstSeenMs(), g.lastSeenMs(), g.level().jsonName(),
                    g.sample()));
        }
        return views;
    }
}
