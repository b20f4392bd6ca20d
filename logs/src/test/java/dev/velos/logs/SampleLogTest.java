// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.List;
import java.util.Map;

import dev.velos.model.Level;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The REFERENCE §15 item 14 scenario, engine side, over {@code sample-app.log}. */
class SampleLogTest {
    @Test
    void everyLineGetsItsDocumentedLevel() {
        for (Lines.Sample s : Lines.sample()) {
            assertThat(Classifier.classify(s.raw()).level()).as(s.raw().stream() + " " + s.raw().message()).isEqualTo(s.expected());
        }
        assertThat(Lines.sample()).hasSize(30);
    }

    @Test
    void levelFilterErrorReturnsOnlyErrorLines() {
        List<ClassifiedLine> errors = LogFilter.builder().levels("error").build().apply(Lines.sampleClassified());
        assertThat(errors).hasSize(6).allSatisfy(l -> assertThat(l.level()).isEqualTo(Level.ERROR));
        assertThat(LogFilter.builder().levels("error,fatal").build().apply(Lines.sampleClassified())).hasSize(7);
    }

    @Test
    void grepTimeoutFindsTheThreeTimeoutLines() {
        List<ClassifiedLine> hits = LogFilter.builder().grep("timeout").build().apply(Lines.sampleClassified());
        assertThat(hits).hasSize(3).allSatisfy(l -> assertThat(l.message()).contains("timeout"));
    }

    @Test
    void dedupFindsTheRepeatedLine() {
        List<DedupGroup> groups = Dedup.group(Lines.sampleClassified(), Dedup.DEFAULT_WINDOW_MS);
        assertThat(groups.getFirst().count()).isGreaterThanOrEqualTo(3);
        assertThat(groups).filteredOn(g -> g.template().equals("ERROR: upstream payment-gateway timeout after <N>ms"))
                .singleElement().satisfies(g -> {
                    assertThat(g.count()).isEqualTo(3);
                    assertThat(g.level()).isEqualTo(Level.ERROR);
                    assertThat(g.firstSeenMs()).isEqualTo(Lines.BASE + 9_000);
                    assertThat(g.lastSeenMs()).isEqualTo(Lines.BASE + 19_000);
                });
        // "... 200 9ms" is the same request line as "... 200 12ms" (issue 16.3: every number is normalised).
        assertThat(groups).filteredOn(g -> g.template().equals("GET /api/orders/<N> <N> <N>ms")).singleElement()
                .extracting(DedupGroup::count).isEqualTo(4L);
        assertThat(groups.stream().mapToLong(DedupGroup::count).sum()).isEqualTo(30);
    }

    @Test
    void summaryNamesTheFatalLineAsLastError() {
        LogSummary s = Summarizer.summarize("orders", Lines.sampleClassified(), 0);
        assertThat(s.totalLines()).isEqualTo(30);
        assertThat(s.byLevel()).containsExactly(Map.entry("debug", 2L), Map.entry("info", 16L), Map.entry("warn", 5L),
                Map.entry("error", 6L), Map.entry("fatal", 1L));
        assertThat(s.lastError()).contains("FATAL: unrecoverable state, exiting");
        assertThat(s.lastErrorMs()).hasValue(Lines.BASE + 28_000);
        assertThat(s.periodStartMs()).isEqualTo(Lines.BASE);
        assertThat(s.periodEndMs()).isEqualTo(Lines.BASE + 29_000);
        assertThat(s.anomalies()).isEmpty();
        assertThat(s.healthScore()).isEqualTo(100 - 5 * 7);
        assertThat(Summarizer.summarize("orders", Lines.sampleClassified(), 3).healthScore()).isEqualTo(100 - 5 * 7 - 9);
        assertThat(SummaryText.render(s)).startsWith("""
                Process: orders | Period: last 29s | Health: 65/100
                Lines: 30 | Errors: 7 | Warnings: 5
                Last error: "FATAL: unrecoverable state, exiting" (1s ago)""");
    }
}
