// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTextTest {
    @Test
    void rendersEverySection() {
        Map<String, Long> byLevel = new LinkedHashMap<>();
        byLevel.put("info", 1100L);
        byLevel.put("warn", 12L);
        byLevel.put("error", 2L);
        byLevel.put("fatal", 1L);
        LogSummary s = new LogSummary("api", 0, 7_200_000 + 59_000, 1115, byLevel,
                List.of(new TopPattern("GET /users/<N> 200", 400, Trend.STABLE), new TopPattern("slow query <N>ms", 12, Trend.RISING)),
                List.of(new Anomaly(AnomalyMetric.ERROR_RATE, 12, 1.25, 3.4, 3.16, 7_259_000, AnomalySeverity.CRITICAL)),
                Optional.of("connection timeout after 3000ms"), OptionalLong.of(7_259_000 - 300_000), 70);
        assertThat(SummaryText.render(s)).isEqualTo("""
                Process: api | Period: last 2h | Health: 70/100
                Lines: 1115 | Errors: 3 | Warnings: 12
                Top patterns:
                  1. "GET /users/<N> 200" (x400, trend: stable)
                  2. "slow query <N>ms" (x12, trend: rising)
                Last error: "connection timeout after 3000ms" (5m ago)
                Anomaly: error_rate 3.2σ above normal (12.0/min vs avg 1.3/min)""");
    }

    @Test
    void omitsEmptySections() {
        LogSummary s = Summarizer.summarize("web", List.of(Lines.line(5, dev.velos.model.Level.INFO, "hi")), 0);
        assertThat(SummaryText.render(s)).isEqualTo("""
                Process: web | Period: last 0s | Health: 100/100
                Lines: 1 | Errors: 0 | Warnings: 0""");
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "999,0s", "59999,59s", "60000,1m", "3599999,59m", "3600000,1h", "86399999,23h", "86400000,1d",
            "-5,0s", "9223372036854775807,106751991167d"})
    void durationsAreTruncated(long ms, String expected) {
        assertThat(SummaryText.duration(ms)).isEqualTo(expected);
    }

    @Test
    void truncationKeeps57CodePointsAndNeverSplitsASurrogatePair() {
        String sixty = "x".repeat(60);
        assertThat(SummaryText.truncate(sixty)).isSameAs(sixty);
        assertThat(SummaryText.truncate("x".repeat(61))).isEqualTo("x".repeat(57) + "...");
        String emoji = "😀".repeat(70);
        assertThat(SummaryText.truncate(emoji)).isEqualTo("😀".repeat(57) + "...");
        String sixtyEmoji = "😀".repeat(60);
        assertThat(SummaryText.truncate(sixtyEmoji)).isSameAs(sixtyEmoji);
        String mixed = "é".repeat(56) + "😀😀😀😀😀";
        assertThat(SummaryText.truncate(mixed)).isEqualTo("é".repeat(56) + "😀...");
    }
}
