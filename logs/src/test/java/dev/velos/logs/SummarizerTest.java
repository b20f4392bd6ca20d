// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.velos.model.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.velos.logs.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SummarizerTest {
    @ParameterizedTest(name = "E={0} A={1} R={2} -> {3}")
    @CsvSource({"0,0,0,100", "1,0,0,95", "10,0,0,50", "5,2,3,46", "19,0,0,5", "20,0,0,0", "1000,0,0,0",
            "0,10,0,0", "0,0,34,0", "0,0,33,1", "9223372036854775807,9223372036854775807,9223372036854775807,0"})
    void healthScoreExamples(long errors, long anomalies, long restarts, int expected) {
        assertThat(Summarizer.healthScore(errors, anomalies, restarts)).isEqualTo(expected);
    }

    @Test
    void anEmptyLogIsHealthyAndHasNoPeriod() {
        LogSummary s = Summarizer.summarize("api", List.of(), 0);
        assertThat(s).isEqualTo(new LogSummary("api", 0, 0, 0, Map.of(), List.of(), List.of(),
                java.util.Optional.empty(), java.util.OptionalLong.empty(), 100));
    }

    @Test
    void countsPeriodLevelsAndTheLastErrorWhichIsTheLastToArriveOfEqualTimestamps() {
        List<ClassifiedLine> lines = List.of(
                line(5_000, Level.INFO, "b"),
                line(1_000, Level.ERROR, "first error"),
                line(9_000, Level.ERROR, "late error"),
                line(9_000, Level.FATAL, "same time, later in the list"),
                line(7_000, Level.WARN, "w"),
                line(3_000, Level.INFO, "a"));
        LogSummary s = Summarizer.summarize("api:1", lines, 2);
        assertThat(s.processName()).isEqualTo("api:1");
        assertThat(s.periodStartMs()).isEqualTo(1_000);
        assertThat(s.periodEndMs()).isEqualTo(9_000);
        assertThat(s.totalLines()).isEqualTo(6);
        assertThat(s.byLevel()).containsExactly(Map.entry("info", 2L), Map.entry("warn", 1L), Map.entry("error", 2L),
                Map.entry("fatal", 1L));
        assertThat(s.lastError()).contains("same time, later in the list");
        assertThat(s.lastErrorMs()).hasValue(9_000);
        assertThat(s.errorCount()).isEqualTo(3);
        assertThat(s.warningCount()).isEqualTo(1);
        assertThat(s.healthScore()).isEqualTo(100 - 15 - 6);
    }

    @Test
    void topPatternsAreTheFirstFiveDetectedPatterns() {
        List<ClassifiedLine> lines = new ArrayList<>();
        for (int t = 0; t < 7; t++) {
            for (int i = 0; i < 5 + t; i++) {
                lines.add(line(1_000_000 + lines.size(), Level.INFO, "template" + (char) ('a' + t) + " #" + (10 + i)));
            }
        }
        lines.add(line(1_000_000 + lines.size(), Level.INFO, "rare"));
        LogSummary s = Summarizer.summarize("api", lines, 0);
        assertThat(s.topPatterns()).extracting(TopPattern::template)
                .containsExactly("templateg #<N>", "templatef #<N>", "templatee #<N>", "templated #<N>", "templatec #<N>");
        assertThat(s.topPatterns().getFirst()).isEqualTo(new TopPattern("templateg #<N>", 11, Trend.RISING));
    }

    @Test
    void anomaliesAndRestartsReallyFeedTheScore() {
        List<ClassifiedLine> lines = AnomalyDetectorTest.history20(4, 40);
        LogSummary s = Summarizer.summarize("api", lines, 1);
        assertThat(s.anomalies()).hasSize(2);
        long errors = s.errorCount();
        assertThat(s.healthScore()).isEqualTo(Summarizer.healthScore(errors, 2, 1));
        assertThat(Summarizer.healthScore(0, 2, 1)).isEqualTo(77);
    }

    @Test
    void aNegativeRestartCountIsRefused() {
        assertThatThrownBy(() -> Summarizer.summarize("x", List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
