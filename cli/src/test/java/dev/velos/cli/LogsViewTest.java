// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.SummaryJson;
import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes.PatternView;
import dev.velos.ipc.WireTypes.SummaryView;
import dev.velos.logs.ClassifiedLine;
import dev.velos.logs.DedupGroup;
import dev.velos.model.Level;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogsViewTest {
    private static LogsView.Line line(String stream, Level level, String text, boolean continued) {
        LogEntry e = new LogEntry(1, "api", stream, 1_700_000_000_123L, text, continued);
        return new LogsView.Line(e, new ClassifiedLine(e.timestampMs(), LogsView.stream(e), level, text));
    }

    @Test
    void plainLinesShowLevelStreamAndLocalTime() {
        String clock = LogsView.clock(1_700_000_000_123L);
        assertThat(LogsView.plain(line("err", Level.ERROR, "boom", false), false, false, Style.PLAIN))
                .isEqualTo("[ERROR|err|" + clock + "] boom");
        assertThat(LogsView.plain(line("out", Level.INFO, "up", false), true, false, Style.PLAIN))
                .isEqualTo("api | [INFO|out|" + clock + "] up");
        assertThat(LogsView.plain(line("out", Level.INFO, "rest", true), false, true, Style.PLAIN)).isEqualTo("↪ rest");
        assertThat(LogsView.plain(line("err", Level.ERROR, "boom", false), false, false, new Style(true, false, false)))
                .startsWith("\u001b[31m[ERROR|err|");
    }

    @Test
    void jsonAndAiShapes() {
        assertThat(Json.compact(LogsView.json(line("err", Level.FATAL, "dead", false)))).isEqualTo(
                "{\"timestamp_ms\":1700000000123,\"level\":\"Fatal\",\"stream\":1,\"stream_str\":\"err\",\"name\":\"api\","
                        + "\"message\":\"dead\"}");
        assertThat(Json.compact(LogsView.ai(line("out", Level.WARN, "hm", false))))
                .isEqualTo("{\"l\":\"warn\",\"m\":\"hm\",\"t\":1700000000123}");
    }

    @Test
    void dedupeRendering() {
        DedupGroup many = new DedupGroup("timeout after <N>ms", 3, 1_700_000_000_000L, 1_700_000_060_000L, Level.ERROR,
                "timeout after 30ms");
        assertThat(LogsView.dedupePlain(many, Style.PLAIN)).isEqualTo("[ERROR] timeout after 30ms (x3, first: "
                + LogsView.clock(1_700_000_000_000L) + ", last: " + LogsView.clock(1_700_000_060_000L) + ")");
        assertThat(Json.compact(LogsView.dedupeJson(List.of(many)))).isEqualTo("[{\"template\":\"timeout after <N>ms\","
                + "\"count\":3,\"first_seen_ms\":1700000000000,\"last_seen_ms\":1700000060000,\"level\":\"Error\","
                + "\"sample\":\"timeout after 30ms\"}]");
    }

    @Test
    void summaryJsonHasTheReferenceKeysInOrder() {
        // What logs --summary --json prints: the one summary mapping (SummaryJson) written by the CLI's writer.
        SummaryView s = new SummaryView("api", 1, 2, 3, Map.of("error", 1L), List.of(new PatternView("x <N>", 5, "rising")),
                List.of(), "boom", 2L, 95);
        assertThat(Json.compact(SummaryJson.of(s))).isEqualTo("{\"process_name\":\"api\",\"period_start_ms\":1,"
                + "\"period_end_ms\":2,\"total_lines\":3,\"by_level\":{\"error\":1},\"top_patterns\":[{\"template\":\"x <N>\","
                + "\"count\":5,\"trend\":\"rising\"}],\"anomalies\":[],\"last_error\":\"boom\",\"last_error_ms\":2,"
                + "\"health_score\":95}");
        SummaryView empty = new SummaryView("api", 0, 0, 0, Map.of(), List.of(), List.of(), null, null, 100);
        assertThat(Json.compact(SummaryJson.of(empty))).contains("\"last_error\":null,\"last_error_ms\":null");
    }

    @Test
    void streamsMapToTheirCodes() {
        assertThat(LogsView.stream(new LogEntry(1, "a", "err", 0, "", false))).isEqualTo(LogStream.STDERR);
        assertThat(LogsView.stream(new LogEntry(1, "a", "out", 0, "", false))).isEqualTo(LogStream.STDOUT);
    }
}
