// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.velos.model.Level;

import org.junit.jupiter.api.Test;

import static dev.velos.logs.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnomalyDetectorTest {
    private static final long BASE = 1_700_000_000_000L;
    private static final long MIN = AnomalyDetector.BUCKET_MS;

    /**
     * Minute {@code m} gets {@code volume[m]} lines, the first {@code errors[m]} of them errors; the
     * last minute is the current one. The first line sits at the start of minute 0 and the last
     * one at the very end of the last minute, so the detector's buckets are exactly these minutes.
     */
    static List<ClassifiedLine> minutes(int[] errors, int[] volume) {
        List<ClassifiedLine> lines = new ArrayList<>();
        int last = volume.length - 1;
        for (int m = 0; m <= last; m++) {
            for (int j = 0; j < volume[m]; j++) {
                long ts = BASE + m * MIN + (m == last && j == volume[m] - 1 ? MIN - 1 : j * 1000L);
                lines.add(line(ts, j < errors[m] ? Level.ERROR : Level.INFO, "line " + j));
            }
        }
        return lines;
    }

    /** 20 history minutes: errors alternate 1, 2 (mean 1.5); volume cycles 10, 11, 12; then the current minute. */
    static List<ClassifiedLine> history20(int currentErrors, int currentVolume) {
        int[] errors = new int[21];
        int[] volume = new int[21];
        for (int m = 0; m < 20; m++) {
            errors[m] = 1 + m % 2;
            volume[m] = 10 + m % 3;
        }
        errors[20] = currentErrors;
        volume[20] = currentVolume;
        return minutes(errors, volume);
    }

    private static double sampleStdDev(double... xs) {
        double mean = Arrays.stream(xs).average().orElseThrow();
        return Math.sqrt(Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum() / (xs.length - 1));
    }

    @Test
    void anErrorSpikeOfTwoSigmaIsAWarning() {
        List<Anomaly> anomalies = AnomalyDetector.defaults().detect(history20(3, 11));
        double sd = sampleStdDev(1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2);
        assertThat(anomalies).singleElement().satisfies(a -> {
            assertThat(a.metric()).isEqualTo(AnomalyMetric.ERROR_RATE);
            assertThat(a.severity()).isEqualTo(AnomalySeverity.WARNING);
            assertThat(a.currentValue()).isEqualTo(3.0);
            assertThat(a.mean()).isCloseTo(1.5, within(1e-9));
            assertThat(a.stdDev()).isCloseTo(sd, within(1e-9));
            assertThat(a.sigma()).isCloseTo(1.5 / sd, within(1e-9)).isBetween(2.0, 3.0);
            assertThat(a.timestampMs()).isEqualTo(BASE + 21 * MIN - 1);
        });
    }

    @Test
    void anErrorSpikeOfThreeSigmaIsCriticalAndAVolumeSpikeIsReportedToo() {
        List<Anomaly> anomalies = AnomalyDetector.defaults().detect(history20(4, 40));
        assertThat(anomalies).extracting(Anomaly::metric, Anomaly::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AnomalyMetric.ERROR_RATE, AnomalySeverity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple(AnomalyMetric.LOG_VOLUME, AnomalySeverity.CRITICAL));
        assertThat(anomalies.get(1).currentValue()).isEqualTo(40.0);
        assertThat(anomalies.get(1).mean()).isCloseTo((7 * 10 + 7 * 11 + 6 * 12) / 20.0, within(1e-9));
    }

    @Test
    void normalMinutesAndDownwardDeviationsAreNotAnomalies() {
        assertThat(AnomalyDetector.defaults().detect(history20(2, 11))).isEmpty();
        assertThat(AnomalyDetector.defaults().detect(history20(0, 1))).isEmpty();
    }

    @Test
    void fewerThanTenHistoryMinutesGiveNoVerdict() {
        int[] errors = {1, 2, 1, 2, 1, 2, 1, 2, 1, 50};
        int[] volume = {10, 10, 10, 10, 10, 10, 10, 10, 10, 60};
        assertThat(AnomalyDetector.defaults().detect(minutes(errors, volume))).isEmpty();
        int[] errors11 = {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 50};
        int[] volume11 = {10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 60};
        assertThat(AnomalyDetector.defaults().detect(minutes(errors11, volume11))).hasSize(2);
    }

    @Test
    void aHistoryMinuteCutByTheFetchLimitIsLeftOut() {
        List<ClassifiedLine> lines = new ArrayList<>(minutesWithSpike(10));
        assertThat(AnomalyDetector.defaults().detect(lines)).isNotEmpty();
        lines.removeFirst();
        assertThat(AnomalyDetector.defaults().detect(lines)).isEmpty();
    }

    private static List<ClassifiedLine> minutesWithSpike(int historyMinutes) {
        int[] errors = new int[historyMinutes + 1];
        int[] volume = new int[historyMinutes + 1];
        for (int m = 0; m < historyMinutes; m++) {
            errors[m] = m % 2;
            volume[m] = 5;
        }
        errors[historyMinutes] = 5;
        volume[historyMinutes] = 5;
        return minutes(errors, volume);
    }

    @Test
    void aFlatHistoryHasNoScaleAndSoNoVerdict() {
        int[] errors = new int[15];
        int[] volume = new int[15];
        Arrays.fill(volume, 5);
        errors[14] = 5;
        assertThat(AnomalyDetector.defaults().detect(minutes(errors, volume))).isEmpty();
    }

    @Test
    void onlyTheLastSixtyMinutesAreHistory() {
        double[] buckets = new double[100];
        for (int k = 1; k < buckets.length; k++) {
            buckets[k] = k <= 60 ? k % 2 : 1000;
        }
        buckets[0] = 3;
        assertThat(AnomalyDetector.defaults().evaluate(AnomalyMetric.ERROR_RATE, buckets, 7)).hasValueSatisfying(a -> {
            assertThat(a.mean()).isEqualTo(0.5);
            assertThat(a.severity()).isEqualTo(AnomalySeverity.CRITICAL);
        });
    }

    @Test
    void emptyInputAndWireNames() {
        assertThat(AnomalyDetector.defaults().detect(List.of())).isEmpty();
        assertThat(AnomalyMetric.ERROR_RATE.wireName()).isEqualTo("error_rate");
        assertThat(AnomalyMetric.LOG_VOLUME).hasToString("log_volume");
        assertThat(AnomalySeverity.WARNING.jsonName()).isEqualTo("Warning");
        assertThat(AnomalySeverity.CRITICAL).hasToString("Critical");
    }
}
