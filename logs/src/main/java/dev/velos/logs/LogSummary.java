// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The summary of REFERENCE §9.6, in its field order. Under Jackson's {@code SNAKE_CASE} naming
 * the components are the reference keys ({@code process_name}, {@code period_start_ms}, …,
 * {@code health_score}); the two optionals need Jackson's JDK 8 module to come out as a value or
 * {@code null}.
 *
 * @param processName   the name or id exactly as the user typed it
 * @param periodStartMs smallest timestamp, 0 without lines
 * @param periodEndMs   largest timestamp, 0 without lines
 * @param totalLines    analysed lines (after filters)
 * @param byLevel       lower-case level name → count, only levels present, in level order
 * @param topPatterns   the first 5 detected patterns
 * @param anomalies     anomalies of the latest minute (see {@link AnomalyDetector})
 * @param lastError     message of the latest error or fatal line (of equal timestamps, the last to arrive)
 * @param lastErrorMs   its timestamp
 * @param healthScore   {@code 100 − min(100, 5·E + 10·A + 3·R)}, see {@link Summarizer#healthScore}
 */
public record LogSummary(String processName, long periodStartMs, long periodEndMs, long totalLines,
        Map<String, Long> byLevel, List<TopPattern> topPatterns, List<Anomaly> anomalies,
        Optional<String> lastError, OptionalLong lastErrorMs, int healthScore) {
    public LogSummary {
        Objects.requireNonNull(processName, "processName");
        byLevel = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(byLevel, "byLevel")));
        topPatterns = List.copyOf(topPatterns);
        anomalies = List.copyOf(anomalies);
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorMs, "lastErrorMs");
    }

    /** Error and fatal lines. */
    public long errorCount() {
        return byLevel.getOrDefault("error", 0L) + byLevel.getOrDefault("fatal", 0L);
    }

    /** Warn lines. */
    public long warningCount() {
        return byLevel.getOrDefault("warn", 0L);
    }
}
