// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.velos.model.Level;
import dev.velos.model.LogStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** Huge lines, deep JSON, random text: the engine must neither throw nor take long. */
class HostileInputTest {
    private static final int FIVE_MB = 5 * 1024 * 1024;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFiveMegabyteLineGoesThroughEveryStage() {
        StringBuilder b = new StringBuilder(FIVE_MB + 100);
        while (b.length() < FIVE_MB) {
            b.append("req 550e8400-e29b-41d4-a716-446655440000 from 10.0.0.1:443 at 0xdeadbeef took 1234ms; ");
        }
        String big = b.append("ERROR tail").toString();
        assertThat(Classifier.classify(big, LogStream.STDOUT)).isEqualTo(Level.ERROR);
        String template = Templates.normalize(big);
        assertThat(template).startsWith("req <UUID> from <IP> at <HEX> took <N>ms; ").endsWith("ERROR tail");
        List<ClassifiedLine> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add(new ClassifiedLine(1_000L * i, LogStream.STDOUT, Level.ERROR, big));
        }
        assertThat(Dedup.group(lines, 60_000)).singleElement().extracting(DedupGroup::count).isEqualTo(3L);
        LogSummary s = Summarizer.summarize("big", lines, 0);
        assertThat(s.lastError()).contains(big);
        assertThat(SummaryText.render(s)).contains("Last error: \"req 550e8400").doesNotContain("ERROR tail");
        assertThat(LogFilter.builder().grep("ERROR tail$").build().apply(lines)).hasSize(3);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void fiveMegabyteDigitsBracesAndWordsAreHandled() {
        assertThat(Templates.normalize("7".repeat(FIVE_MB))).isEqualTo("<N>");
        assertThat(Templates.normalize("1.1.1.1 ".repeat(FIVE_MB / 8))).startsWith("<IP> <IP> ");
        assertThat(Classifier.classify("{" + "\"a\":[".repeat(FIVE_MB / 5), LogStream.STDOUT)).isEqualTo(Level.INFO);
        assertThat(Classifier.classify("{\"level\":\"warn\",\"s\":\"" + "x".repeat(FIVE_MB) + "\"}", LogStream.STDOUT))
                .isEqualTo(Level.WARN);
        assertThat(Classifier.classify("x".repeat(FIVE_MB), LogStream.STDERR)).isEqualTo(Level.WARN);
        assertThat(Classifier.classify("error ".repeat(FIVE_MB / 6), LogStream.STDOUT)).isEqualTo(Level.ERROR);
        String manyKeys = "{" + "\"key\":1,".repeat(FIVE_MB / 8) + "\"level\":\"fatal\",\"s\":\"esc\\n\"}";
        assertThat(Classifier.classify(manyKeys, LogStream.STDOUT)).isEqualTo(Level.FATAL);
    }

    @Test
    void classifyNeverThrowsOnJsonLikeText() {
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            String tail = Lines.randomText(r, "{}[]\":,\\u01-.elvtrn ", 60);
            assertThat(Classifier.classify("{" + tail, LogStream.STDOUT)).isNotNull();
            assertThat(Classifier.classify("{\"level\":" + tail, LogStream.STDERR)).isNotNull();
        }
    }

    @Test
    void classifyAndNormalizeNeverThrowOnArbitraryText() {
        Random r = new Random(6);
        for (int i = 0; i < 5000; i++) {
            String s = Lines.randomUnits(r, 200);
            assertThat(Classifier.classify(s, LogStream.STDERR)).isNotNull();
            assertThat(Classifier.classify("{" + s, LogStream.STDOUT)).isNotNull();
            assertThat(Templates.normalize(s)).isNotNull();
        }
    }
}
