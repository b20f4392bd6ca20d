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
 * Builds the {@link LogSummary} of REFERENCE §9.6 from classified lines, with the DESIGN fixes:
 * the anomalies come from a real {@link AnomalyDetector} run over the same lines and the restart
 * count is the process's real one, so both move the health score.
 */
public final class Summarizer {
    /** How many patterns the summary lists. */
    public static final int TOP_PATTERNS = 5;

    private static final Level[] LEVELS = Level.values();

    private Summarizer() {
    }

    /**
     * The summary of {@code lines} (already filtered), in arrival order: of errors with the same
     * timestamp the later in the list is the last error.
     *
     * @param processName  the name or id as the user typed it
     * @param restartCount the process's restart count, ≥ 0
     */
    public static LogSummary summarize(String processName, List<ClassifiedLine> lines, int restartCount) {
        if (restartCount < 0) {
            throw new IllegalArgumentException("restartCount must be >= 0, got " + restartCount);
        }
        long[] counts = new long[LEVELS.length];
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        ClassifiedLine lastError = null;
        for (ClassifiedLine line : lines) {
            long ts = line.timestampMs();
            counts[line.level().ordinal()]++;
            start = Math.min(start, ts);
            end = Math.max(end, ts);
            // ">=": of errors in the same millisecond the later one in arrival order is the last (issue 16.1).
            if (line.level().isErrorOrWorse() && (lastError == null || ts >= lastError.timestampMs())) {
                lastError = line;
            }
        }
        Map<String, Long> byLevel = new LinkedHashMap<>();
        for (Level level : LEVELS) {
            if (counts[level.ordinal()] > 0) {
                byLevel.put(level.lowerName(), counts[level.ordinal()]);
            }
        }
        List<TopPattern> top = new ArrayList<>(TOP_PATTERNS);
        for (LogPattern p : Patterns.detect(lines, Patterns.DEFAULT_MIN_FREQUENCY, Patterns.DEFAULT_WINDOW_MS)) {
            if (top.size() == TOP_PATTERNS) {
                break;
            }
            top.add(TopPattern.of(p));
        }
        List<Anomaly> anomalies = AnomalyDetector.defaults().detect(lines);
        long errors = counts[Level.ERROR.ordinal()] + counts[Level.FATAL.ordinal()];
        boolean empty = lines.isEmpty();
        return new LogSummary(processName, empty ? 0 : start, empty ? 0 : end, lines.size(), byLevel, top, anomalies,
                lastError == null ? Optional.empty() : Optional.of(lastError.message()),
                lastError == null ? OptionalLong.empty() : OptionalLong.of(lastError.timestampMs()),
                healthScore(errors, anomalies.size(), restartCount));
    }

    /**
     * {@code 100 − min(100, 5·errors + 10·anomalies + 3·restarts)}, computed without overflow.
     * Examples: no errors → 100; 1 → 95; 10 → 50; 5 errors, 2 anomalies, 3 restarts → 46;
     * 20 or more errors → 0.
     */
    public static int healthScore(long errors, long anomalies, long restarts) {
        if (errors < 0 || anomalies < 0 || restarts < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        long cap = 100;
        long penalty = Math.min(cap, Math.min(errors, cap) * 5 + Math.min(anomalies, cap) * 10 + Math.min(restarts, cap) * 3);
        return (int) (cap - penalty);
    }
}
