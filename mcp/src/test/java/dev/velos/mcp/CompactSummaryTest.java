// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;

class CompactSummaryTest {
    @Test
    void aBusySummaryStaysWithinTwoHundredTokensOfJson() throws Exception {
        List<WireTypes.PatternView> patterns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            patterns.add(new WireTypes.PatternView("GET /api/very/long/path/segment/number/" + i + "/items/<n> 200 in <n>ms "
                    + "with a lot of trailing detail that nobody needs", 9_999_999L, "rising"));
        }
        String longError = "ERROR ".repeat(100);
        WireTypes.SummaryView s = new WireTypes.SummaryView("payments-api-worker", 1_795_000_000_000L, 1_795_000_600_000L,
                50_000, Map.of("info", 48_000L, "warn", 1_000L, "error", 990L, "fatal", 10L), patterns, List.of(), longError,
                1_795_000_599_000L, 0);

        String json = VelosMcpServer.json().writeValueAsString(CompactSummary.of(s, 12));

        // ~4 characters per token for JSON like this: 800 characters is about 200 tokens.
        assertThat(json.length()).isLessThanOrEqualTo(800);
        assertThat(json).contains("\"lines\":50000", "\"health\":0", "\"restarts\":12", "\"span_s\":600");
        assertThat(CompactSummary.of(s, 0).get("top")).asList().hasSize(CompactSummary.TOP_PATTERNS);
    }

    @Test
    void cutKeepsTheLimitWithAnEllipsis() {
        assertThat(CompactSummary.cut("short", 60)).isEqualTo("short");
        assertThat(CompactSummary.cut("x".repeat(100), 60)).hasSize(60).endsWith("...");
    }
}
