// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * The human rendering of a {@link LogSummary} (REFERENCE §9.6):
 * <pre>
 * Process: api | Period: last 2h | Health: 85/100
 * Lines: 1200 | Errors: 3 | Warnings: 12
 * Top patterns:
 *   1. "GET /users/&lt;N&gt; 200" (x400, trend: stable)
 * Last error: "connection timeout after &lt;N&gt;ms" (5m ago)
 * Anomaly: error_rate 3.2σ above normal (12.0/min vs avg 1.3/min)
 * </pre>
 * "Top patterns" and "Last error" appear only when there are any; one "Anomaly" line per anomaly.
 * Durations are {@code Ns}, {@code Nm}, {@code Nh} or {@code Nd}, truncated; the period is
 * {@code end − start} and "ago" is measured from the period's end, not from now. Templates and
 * messages longer than 60 characters keep 57 and get {@code ...}; characters are code points,
 * so a surrogate pair is never split (the original sliced bytes and could panic).
 */
public final class SummaryText {
    /** Longest template or message shown. */
    public static final int MAX_TEXT = 60;

    private SummaryText() {
    }

    /** The summary as lines separated by {@code \n}, without a trailing newline. */
    public static String render(LogSummary s) {
        StringJoiner out = new StringJoiner("\n");
        out.add("Process: " + s.processName() + " | Period: last " + duration(s.periodEndMs() - s.periodStartMs())
                + " | Health: " + s.healthScore() + "/100");
        out.add("Lines: " + s.totalLines() + " | Errors: " + s.errorCount() + " | Warnings: " + s.warningCount());
        if (!s.topPatterns().isEmpty()) {
            out.add("Top patterns:");
            int i = 1;
            for (TopPattern p : s.topPatterns()) {
                out.add("  " + i++ + ". \"" + truncate(p.template()) + "\" (x" + p.count() + ", trend: " + p.trend().wireName() + ")");
            }
        }
        if (s.lastError().isPresent()) {
            long ago = s.periodEndMs() - s.lastErrorMs().orElse(s.periodEndMs());
            out.add("Last error: \"" + truncate(s.lastError().get()) + "\" (" + duration(ago) + " ago)");
        }
        for (Anomaly a : s.anomalies()) {
            out.add(String.format(Locale.ROOT, "Anomaly: %s %.1fσ above normal (%.1f/min vs avg %.1f/min)",
                    a.metric().wireName(), a.sigma(), a.currentValue(), a.mean()));
        }
        return out.toString();
    }

    /** {@code Ns}, {@code Nm}, {@code Nh} or {@code Nd}, truncated; negative counts as 0. */
    public static String duration(long ms) {
        long sec = Math.max(0, ms) / 1000;
        if (sec < 60) {
            return sec + "s";
        }
        if (sec < 3600) {
            return sec / 60 + "m";
        }
        if (sec < 86_400) {
            return sec / 3600 + "h";
        }
        return sec / 86_400 + "d";
    }

    /** {@code text} if it has at most 60 code points, else its first 57 and {@code ...}. */
    public static String truncate(String text) {
        if (text.length() <= MAX_TEXT || text.codePointCount(0, text.length()) <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_TEXT - 3)) + "...";
    }
}
