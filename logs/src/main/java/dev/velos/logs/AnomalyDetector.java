// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Anomaly detection of REFERENCE §9.8, fed from the analysed lines (the reference's
 * recommendation; the original never fed it).
 *
 * <p>Buckets: one minute each, anchored at the latest line {@code t}: bucket {@code k} holds the
 * lines with {@code t − 60 000·(k+1) < ts ≤ t − 60 000·k}, i.e. {@code start ≤ ts < end} with
 * {@code end = t + 1 − 60 000·k}. Bucket 0 is the current minute; buckets 1…60 are the history.
 * Anchoring at the latest line makes the current minute a full minute rather than whatever part of
 * a wall-clock minute has passed. History buckets that begin before the earliest line are left out:
 * the fetch limit cut them, so their counts would be too low. Empty minutes in between count as 0.
 *
 * <p>Verdict per metric ({@code error_rate}, then {@code log_volume}): none with fewer than
 * {@value #MIN_POINTS} history points; mean and sample standard deviation (n − 1) of the history;
 * none when the deviation is below machine epsilon (a perfectly flat history has no scale);
 * {@code sigma = (current − mean) / stdDev}; ≥ critical σ → {@code Critical}, else ≥ warning σ →
 * {@code Warning}; only upward deviations count.
 */
public final class AnomalyDetector {
    /** History points kept (the reference window capacity). */
    public static final int CAPACITY = 60;
    /** History points needed before any verdict. */
    public static final int MIN_POINTS = 10;
    /** Bucket width. */
    public static final long BUCKET_MS = 60_000;
    /** The reference thresholds. */
    public static final double DEFAULT_WARNING_SIGMA = 2.0;
    public static final double DEFAULT_CRITICAL_SIGMA = 3.0;

    private static final double EPSILON = Math.ulp(1.0);
    private static final AnomalyDetector DEFAULT = new AnomalyDetector(DEFAULT_WARNING_SIGMA, DEFAULT_CRITICAL_SIGMA);

    private final double warningSigma;
    private final double criticalSigma;

    /** A detector with the given thresholds; {@code 0 < warningSigma ≤ criticalSigma}. */
    public AnomalyDetector(double warningSigma, double criticalSigma) {
        if (!(warningSigma > 0) || !(criticalSigma >= warningSigma) || Double.isInfinite(criticalSigma)) {
            throw new IllegalArgumentException("need 0 < warningSigma <= criticalSigma, got " + warningSigma + ", " + criticalSigma);
        }
        this.warningSigma = warningSigma;
        this.criticalSigma = criticalSigma;
    }

    /** The reference detector: 2σ warning, 3σ critical. */
    public static AnomalyDetector defaults() {
        return DEFAULT;
    }

    /** Anomalies of the current minute of {@code lines} ({@code error_rate} first), possibly none. */
    public List<Anomaly> detect(List<ClassifiedLine> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        long latest = Long.MIN_VALUE;
        for (ClassifiedLine line : lines) {
            latest = Math.max(latest, line.timestampMs());
        }
        Minutes minutes = new Minutes(latest);
        lines.forEach(minutes::add);
        return minutes.anomalies(this);
    }

    /**
     * The per-minute counts of {@link #detect}, fed one line at a time in any order once the
     * latest timestamp is known: {@value #CAPACITY} + 1 buckets, whatever the number of lines.
     */
    static final class Minutes {
        private final long latest;
        private long earliest = Long.MAX_VALUE;
        private final double[] errors = new double[CAPACITY + 1];
        private final double[] volume = new double[CAPACITY + 1];

        Minutes(long latest) {
            this.latest = latest;
        }

        void add(ClassifiedLine line) {
            long ts = line.timestampMs();
            earliest = Math.min(earliest, ts);
            long age = latest - ts;
            if (age < 0) {
                return;
            }
            long k = age / BUCKET_MS;
            if (k <= CAPACITY) {
                volume[(int) k]++;
                if (line.level().isErrorOrWorse()) {
                    errors[(int) k]++;
                }
            }
        }

        /** History buckets that begin before the earliest line are left out (see the class comment). */
        List<Anomaly> anomalies(AnomalyDetector detector) {
            if (earliest == Long.MAX_VALUE) {
                return List.of();
            }
            long spanMinutes = (latest - earliest) < 0 ? CAPACITY + 1 : ((latest - earliest) + 1) / BUCKET_MS;
            int history = (int) Math.min(CAPACITY, spanMinutes - 1);
            if (history < MIN_POINTS) {
                return List.of();
            }
            List<Anomaly> out = new ArrayList<>(2);
            detector.evaluate(AnomalyMetric.ERROR_RATE, Arrays.copyOf(errors, history + 1), latest).ifPresent(out::add);
            detector.evaluate(AnomalyMetric.LOG_VOLUME, Arrays.copyOf(volume, history + 1), latest).ifPresent(out::add);
            return out;
        }
    }

    /**
     * The verdict for one metric; {@code buckets[0]} is the current value, {@code buckets[1..]}
     * the history (at most {@value #CAPACITY} are used).
     */
    public Optional<Anomaly> evaluate(AnomalyMetric metric, double[] buckets, long timestampMs) {
        int n = Math.min(buckets.length - 1, CAPACITY);
        if (n < MIN_POINTS) {
            return Optional.empty();
        }
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += buckets[k];
        }
        double mean = sum / n;
        double squares = 0;
        for (int k = 1; k <= n; k++) {
            double d = buckets[k] - mean;
            squares += d * d;
        }
        double stdDev = Math.sqrt(squares / (n - 1));
        if (stdDev < EPSILON) {
            return Optional.empty();
        }
        double current = buckets[0];
        double sigma = (current - mean) / stdDev;
        AnomalySeverity severity;
        if (sigma >= criticalSigma) {
            severity = AnomalySeverity.CRITICAL;
        } else if (sigma >= warningSigma) {
            severity = AnomalySeverity.WARNING;
        } else {
            return Optional.empty();
        }
        return Optional.of(new Anomaly(metric, current, mean, stdDev, sigma, timestampMs, severity));
    }
}
