// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.List;

/**
 * Builds the {@link LogSummary} of REFERENCE §9.6 from classified lines, with the DESIGN fixes:
 * the anomalies come from a real {@link AnomalyDetector} run over the same lines and the restart
 * count is the process's real one, so both move the health score.
 */
public final class Summarizer {
    /** How many patterns the summary lists. */
    public static final int TOP_PATTERNS = 5;

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
        long anchor = Long.MIN_VALUE;
        for (ClassifiedLine line : lines) {
            anchor = Math.max(anchor, line.timestampMs());
        }
        SummaryBuilder builder = new SummaryBuilder(anchor);
        long sequence = 0;
        for (ClassifiedLine line : lines) {
            builder.add(line, sequence++);
        }
        return builder.build(processName, restartCount);
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
