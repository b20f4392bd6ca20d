// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Objects;

/**
 * One metric of the latest minute standing out from the minutes before it (REFERENCE §9.8).
 * Under Jackson's {@code SNAKE_CASE} naming the keys are {@code metric}, {@code current_value},
 * {@code mean}, {@code std_dev}, {@code sigma}, {@code timestamp_ms}, {@code severity}.
 *
 * @param metric       what was measured
 * @param currentValue the latest minute's value
 * @param mean         mean of the history minutes
 * @param stdDev       sample standard deviation of the history minutes
 * @param sigma        {@code (currentValue − mean) / stdDev}
 * @param timestampMs  the latest analysed line, i.e. the end of the current minute
 * @param severity     warning (≥ 2σ) or critical (≥ 3σ)
 */
public record Anomaly(AnomalyMetric metric, double currentValue, double mean, double stdDev, double sigma,
        long timestampMs, AnomalySeverity severity) {
    public Anomaly {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(severity, "severity");
    }
}
