// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.List;

import dev.velos.model.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.velos.logs.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;

class PatternsTest {
    private static final long NOW = 10_000_000;
    private static final long WINDOW = Patterns.DEFAULT_WINDOW_MS;
    /** {@code NOW − WINDOW + WINDOW / 2}: lines before it are the first half. */
    private static final long MIDPOINT = NOW - WINDOW / 2;

    /** {@code first} lines just before the midpoint, {@code second} at or after it, plus an unrelated line at NOW. */
    private static List<ClassifiedLine> split(int first, int second) {
        List<ClassifiedLine> lines = new ArrayList<>();
        for (int i = 0; i < first; i++) {
            lines.add(line(MIDPOINT - 1 - i, Level.INFO, "job " + (100 + i) + " done"));
        }
        for (int i = 0; i < second; i++) {
            lines.add(line(MIDPOINT + i, Level.INFO, "job " + (500 + i) + " done"));
        }
        lines.add(line(NOW, Level.INFO, "anchor"));
        return lines;
    }

    @ParameterizedTest(name = "{0} before, {1} after -> {2}")
    @CsvSource({
            "3,7,RISING", "7,13,STABLE", "6,14,RISING", "13,7,STABLE", "14,6,DECLINING", "5,5,STABLE",
            "0,10,RISING", "10,0,DECLINING", "0,3,STABLE", "3,0,STABLE", "1,2,STABLE", "0,4,RISING", "4,0,DECLINING"})
    void trendThresholds(int first, int second, Trend expected) {
        List<LogPattern> patterns = Patterns.detect(split(first, second), 1, WINDOW);
        assertThat(patterns).filteredOn(p -> p.template().equals("job <N> done")).singleElement()
                .satisfies(p -> {
                    assertThat(p.trend()).isEqualTo(expected);
                    assertThat(p.count()).isEqualTo(first + second);
                });
    }

    @Test
    void trendMathIsExactAtTheBoundaries() {
        assertThat(Trend.of(7, 13)).isEqualTo(Trend.STABLE);
        assertThat(Trend.of(13, 7)).isEqualTo(Trend.STABLE);
        assertThat(Trend.of(34, 66)).isEqualTo(Trend.RISING);
        assertThat(Trend.of(66, 34)).isEqualTo(Trend.DECLINING);
        assertThat(Trend.of(0, 3)).isEqualTo(Trend.STABLE);
        assertThat(Trend.RISING.wireName()).isEqualTo("rising");
        assertThat(Trend.DECLINING).hasToString("declining");
    }

    @Test
    void onlyTemplatesSeenAtLeastMinFrequencyTimesInsideTheWindowCount() {
        List<ClassifiedLine> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(line(NOW - WINDOW - 1 - i, Level.ERROR, "old failure " + (10 + i)));
        }
        for (int i = 0; i < 4; i++) {
            lines.add(line(NOW - 1000 * i, Level.WARN, "slow query " + (10 + i) + "ms"));
        }
        for (int i = 0; i < 6; i++) {
            lines.add(line(NOW - WINDOW + 1000 * i, i == 2 ? Level.ERROR : Level.INFO, "GET /x/" + (10 + i)));
        }
        lines.add(line(NOW - WINDOW, Level.DEBUG, "GET /x/99"));
        List<LogPattern> patterns = Patterns.detect(lines, Patterns.DEFAULT_MIN_FREQUENCY, WINDOW);
        assertThat(patterns).containsExactly(
                new LogPattern("GET /x/<N>", 7, Level.ERROR, NOW - WINDOW, NOW - WINDOW + 5000, Trend.DECLINING));
    }

    @Test
    void patternsSortByCountDescending() {
        List<ClassifiedLine> lines = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            lines.add(line(NOW - i, Level.INFO, i < 3 ? "a" : "b"));
        }
        assertThat(Patterns.detect(lines, 1, WINDOW)).extracting(LogPattern::template, LogPattern::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 6L), org.assertj.core.groups.Tuple.tuple("a", 3L));
        assertThat(Patterns.detect(List.of(), 1, WINDOW)).isEmpty();
    }
}
