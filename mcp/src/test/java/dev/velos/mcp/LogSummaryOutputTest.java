// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code log_summary} answers with REFERENCE §9.6's keys, in its order (issue 16 item 2). */
class LogSummaryOutputTest {
    @Test
    void theSummaryHasTheDocumentedKeysInOrder() throws Exception {
        WireTypes.SummaryView s = new WireTypes.SummaryView("web", 1_795_000_000_000L, 1_795_000_600_000L, 120,
                Map.of("info", 100L, "error", 20L), List.of(new WireTypes.PatternView("GET /<n> in <n>ms", 90, "stable")),
                List.of(new WireTypes.AnomalyView("error_rate", 12.0, 1.5, 0.5, 21.0, 1_795_000_590_000L, "Critical")),
                "ERROR db down", 1_795_000_599_000L, 0);
        Map<String, Object> out = Outputs.summary(s);
        assertThat(out.keySet()).containsExactly("process_name", "period_start_ms", "period_end_ms", "total_lines", "by_level",
                "top_patterns", "anomalies", "last_error", "last_error_ms", "health_score");
        String json = VelosMcpServer.json().writeValueAsString(out);
        assertThat(json).contains("\"process_name\":\"web\"", "\"total_lines\":120", "\"error\":20",
                "\"top_patterns\":[{\"template\":\"GET /<n> in <n>ms\",\"count\":90,\"trend\":\"stable\"}]",
                "\"metric\":\"error_rate\"", "\"severity\":\"Critical\"", "\"last_error\":\"ERROR db down\"",
                "\"last_error_ms\":1795000599000", "\"health_score\":0");
    }

    @Test
    void withoutAnErrorTheLastErrorKeysAreNull() throws Exception {
        WireTypes.SummaryView s = new WireTypes.SummaryView("7", 0, 0, 0, Map.of(), List.of(), List.of(), null, null, 100);
        String json = VelosMcpServer.json().writeValueAsString(Outputs.summary(s));
        assertThat(json).isEqualTo("{\"process_name\":\"7\",\"period_start_ms\":0,\"period_end_ms\":0,\"total_lines\":0,"
                + "\"by_level\":{},\"top_patterns\":[],\"anomalies\":[],\"last_error\":null,\"last_error_ms\":null,"
                + "\"health_score\":100}");
    }
}
