// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.velos.model.Level;

/**
 * Builds a {@link LogSummary} from lines handed over one at a time, so a summary of 200,000 lines
 * read from files ({@link LogFileReader#newestFirst}) holds counters, one accumulator per template
 * in the pattern window and 61 minute buckets — never the lines (issue 14.8).
 *
 * <p>Lines may come in any order (newest first is what the reader gives) once the anchor is
 * known: the latest timestamp among them ({@link LogFileReader#newestTimestamp} of each file), which
 * fixes the pattern window and the anomaly minutes. Each line comes with its arrival sequence
 * (larger = arrived later; its position in a file, say): of error lines with the same timestamp
 * the one that arrived last is the {@code last_error} (issue 16.1). {@link Summarizer#summarize}
 * is this builder over a list.
 */
public final class SummaryBuilder {
    private static final Level[] LEVELS = Level.values();

    private final long[] counts = new long[LEVELS.length];
    private final Patterns.Window patterns;
    private final AnomalyDetector.Minutes minutes;
    private long total;
    private long start = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;
    private ClassifiedLine lastError;
    private long lastErrorSequence;

    /** A builder for lines whose latest timestamp is {@code anchorMs}. */
    public SummaryBuilder(long anchorMs) {
        this.patterns = new Patterns.Window(anchorMs, Patterns.DEFAULT_WINDOW_MS);
        this.minutes = new AnomalyDetector.Minutes(anchorMs);
    }

    /** Counts {@code line} (already filtered), which arrived {@code sequence}-th. */
    public void add(ClassifiedLine line, long sequence) {
        long ts = line.timestampMs();
        total++;
        counts[line.level().ordinal()]++;
        start = Math.min(start, ts);
        end = Math.max(end, ts);
        if (line.level().isErrorOrWorse() && (lastError == null || ts > lastError.timestampMs()
                || (ts == lastError.timestampMs() && sequence > lastErrorSequence))) {
            lastError = line;
            lastErrorSequence = sequence;
        }
        patterns.add(line);
        minutes.add(line);
    }

    /**
     * The summary of the lines added so far.
     *
     * @param processName  the name or id as the user typed it
     * @param restartCount the process's restart count, ≥ 0
     */
    public LogSummary build(String processName, int restartCount) {
        if (restartCount < 0) {
            throw new IllegalArgumentException("restartCount must be >= 0, got " + restartCount);
        }
        Map<String, Long> byLevel = new LinkedHashMap<>();
        for (Level level : LEVELS) {
            if (counts[level.ordinal()] > 0) {
                byLevel.put(level.lowerName(), counts[level.ordinal()]);
            }
        }
        List<TopPattern> top = new ArrayList<>(Summarizer.TOP_PATTERNS);
        for (LogPattern p : patterns.patterns(Patterns.DEFAULT_MIN_FREQUENCY)) {
            if (top.size() == Summarizer.TOP_PATTERNS) {
                break;
            }
            top.add(TopPattern.of(p));
        }
        List<Anomaly> anomalies = minutes.anomalies(AnomalyDetector.defaults());
        long errors = counts[Level.ERROR.ordinal()] + counts[Level.FATAL.ordinal()];
        boolean empty = total == 0;
        return new LogSummary(processName, empty ? 0 : start, empty ? 0 : end, total, byLevel, top, anomalies,
                lastError == null ? Optional.empty() : Optional.of(lastError.message()),
                lastError == null ? OptionalLong.empty() : OptionalLong.of(lastError.timestampMs()),
                Summarizer.healthScore(errors, anomalies.size(), restartCount));
    }
}
