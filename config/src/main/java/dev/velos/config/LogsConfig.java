// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The global {@code [logs]} table of a config file: settings of the smart log engine
 * (REFERENCE §9). Every key is optional.
 *
 * @param classifier       classify lines into levels ({@code classifier}, default true)
 * @param dedupWindow      lines with the same template closer than this merge ({@code dedup_window}, seconds, default 60)
 * @param patternWindow    span of pattern detection ({@code pattern_window}, seconds, default 300)
 * @param anomalyWindow    span of anomaly detection ({@code anomaly_window}, minutes, default 60)
 * @param anomalySigmaWarn deviation that counts as a warning anomaly ({@code anomaly_sigma_warn}, default 2.0)
 * @param anomalySigmaCrit deviation that counts as a critical anomaly ({@code anomaly_sigma_crit}, default 3.0)
 */
public record LogsConfig(boolean classifier, Duration dedupWindow, Duration patternWindow, Duration anomalyWindow,
                         double anomalySigmaWarn, double anomalySigmaCrit) {
    public static final LogsConfig DEFAULT = new LogsConfig(true, Duration.ofSeconds(60), Duration.ofSeconds(300),
            Duration.ofMinutes(60), 2.0, 3.0);
    /** Windows are bounded to 30 days: longer ones are surely a unit mistake (ms for s). */
    private static final long MAX_SECONDS = 30L * 24 * 3600;

    static final List<String> KEYS = List.of("classifier", "dedup_window", "pattern_window", "anomaly_window",
            "anomaly_sigma_warn", "anomaly_sigma_crit");

    public LogsConfig {
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        Objects.requireNonNull(patternWindow, "patternWindow");
        Objects.requireNonNull(anomalyWindow, "anomalyWindow");
    }

    /** Reads the {@code [logs]} table; problems go to the table's {@link Problems}. */
    static LogsConfig read(TomlTable t) {
        t.rejectUnknown(KEYS, key -> false);
        boolean classifier = t.bool("classifier", DEFAULT.classifier());
        long dedup = t.integer("dedup_window", DEFAULT.dedupWindow().toSeconds(), 1, MAX_SECONDS, "s");
        long pattern = t.integer("pattern_window", DEFAULT.patternWindow().toSeconds(), 1, MAX_SECONDS, "s");
        long anomaly = t.integer("anomaly_window", DEFAULT.anomalyWindow().toMinutes(), 1, MAX_SECONDS / 60, "min");
        double warn = t.positiveNumber("anomaly_sigma_warn", DEFAULT.anomalySigmaWarn());
        double crit = t.positiveNumber("anomaly_sigma_crit", DEFAULT.anomalySigmaCrit());
        if (crit < warn) {
            t.problem("anomaly_sigma_crit", String.format(Locale.ROOT,
                    "anomaly_sigma_crit must be >= anomaly_sigma_warn (%s), got %s", warn, crit));
        }
        return new LogsConfig(classifier, Duration.ofSeconds(dedup), Duration.ofSeconds(pattern),
                Duration.ofMinutes(anomaly), warn, crit);
    }
}
