// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.velos.model.Level;
import dev.velos.model.LogStream;

import static dev.velos.logs.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16.1 and 16.3 as a user meets them: one message is one pattern, the last error is the last one. */
class SameMessageGroupingTest {
    private static final long T = Lines.BASE;

    @Test
    void servedInZeroAndOneMillisecondsAreOnePattern() {
        List<ClassifiedLine> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add(line(T + i * 1000, Level.INFO, "served in " + (i % 3) + " ms"));
        }
        assertThat(Patterns.detect(lines, Patterns.DEFAULT_MIN_FREQUENCY, Patterns.DEFAULT_WINDOW_MS))
                .extracting(LogPattern::template, LogPattern::count).containsExactly(org.assertj.core.groups.Tuple.tuple("served in <N> ms", 12L));
    }

    @Test
    void jsonLinesAreGroupedOnTheirMessageAndKeepTheirTextAsSample() {
        List<ClassifiedLine> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String json = "{\"level\":\"info\",\"time\":" + (T + i) + ",\"reqId\":\"r" + (1000 + i) + "\",\"msg\":\"request completed\"}";
            lines.add(Classifier.classify(new RawLine(T + i, LogStream.STDOUT, json)));
        }
        List<DedupGroup> groups = Dedup.group(lines, Dedup.DEFAULT_WINDOW_MS);
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.template()).isEqualTo("request completed");
            assertThat(g.count()).isEqualTo(6);
            assertThat(g.sample()).startsWith("{\"level\":\"info\"").contains("r1000");
        });
        assertThat(Patterns.detect(lines, 5, Patterns.DEFAULT_WINDOW_MS)).extracting(LogPattern::template)
                .containsExactly("request completed");
    }

    @Test
    void theLastErrorIsTheLastToArriveWithinOneMillisecond() {
        List<RawLine> raw = List.of(
                new RawLine(T, LogStream.STDOUT, "INFO: worker started"),
                new RawLine(T + 5, LogStream.STDOUT, "ERROR: connection timeout"),
                new RawLine(T + 5, LogStream.STDOUT, "WARN: retrying"),
                new RawLine(T + 5, LogStream.STDOUT, "FATAL: unrecoverable error in worker"));
        LogSummary s = Summarizer.summarize("worker", Classifier.classifyAll(raw), 0);
        assertThat(s.lastError()).contains("FATAL: unrecoverable error in worker");
        assertThat(s.lastErrorMs()).hasValue(T + 5);
    }
}
