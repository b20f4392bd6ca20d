// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.LogLine;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14.8 (reads) and 16.1 through files: the summary of lines streamed newest first from the
 * files, never gathered in a list, is the summary of the same lines as a list, and the last error
 * of one millisecond is the one written last.
 */
@Timeout(120)
class StreamedSummaryTest {
    @TempDir
    Path dir;

    @Test
    void aSummaryStreamedFromTheFilesEqualsTheSummaryOfTheList() {
        try (LogFileWriter w = new LogFileWriter(dir)) {
            w.policy("api", new LogPolicy(256 * 1024, 50)); // several rotations to read across
            for (int i = 0; i < 20_000; i++) {
                long ts = Lines.BASE + i * 50L; // 1,000 s: patterns window and anomaly minutes both matter
                String text = switch (i % 7) {
                    case 0 -> "GET /users/" + i + " 200 in " + (i % 13) + " ms";
                    case 1 -> "{\"level\":\"warn\",\"msg\":\"slow query " + (i % 500) + "ms\",\"req\":" + i + "}";
                    case 2 -> i % 1000 < 40 ? "ERROR: upstream timeout after " + i + "ms" : "cache hit " + i;
                    default -> "worker " + (i % 4) + " tick";
                };
                Lines.append(w, new LogLine(1, "api", i % 11 == 0 ? LogStream.STDERR : LogStream.STDOUT, Instant.ofEpochMilli(ts), text, false));
            }
            Lines.append(w, new LogLine(1, "api", LogStream.STDOUT, Instant.ofEpochMilli(Lines.BASE + 1_000_000), "ERROR: connection timeout", false));
            Lines.append(w, new LogLine(1, "api", LogStream.STDOUT, Instant.ofEpochMilli(Lines.BASE + 1_000_000), "FATAL: unrecoverable error in worker", false));
            w.flush();
        }
        LogSummary listed = Summarizer.summarize("api", readAsList(), 2);
        LogSummary streamed = streamed();
        assertThat(streamed).isEqualTo(listed);
        assertThat(streamed.totalLines()).isEqualTo(20_002);
        assertThat(streamed.lastError()).contains("FATAL: unrecoverable error in worker");
        assertThat(streamed.topPatterns()).extracting(TopPattern::template).contains("worker <N> tick", "slow query <N>ms");
    }

    @Test
    void theVisitorSeesOneLineAtATimeNewestFirstAndMayStop() {
        try (LogFileWriter w = new LogFileWriter(dir)) {
            for (int i = 0; i < 1000; i++) {
                Lines.append(w, new LogLine(1, "t", LogStream.STDOUT, Instant.ofEpochMilli(Lines.BASE + i), "n" + i, false));
            }
            w.flush();
        }
        List<String> seen = new ArrayList<>();
        LogFileReader.newestFirst(dir.resolve("t-out.log"), Lines.BASE + 990, line -> seen.add(line.text()) && seen.size() < 5);
        assertThat(seen).containsExactly("n999", "n998", "n997", "n996", "n995");
        seen.clear();
        LogFileReader.newestFirst(dir.resolve("t-out.log"), Lines.BASE + 990, line -> seen.add(line.text()));
        assertThat(seen).hasSize(10).endsWith("n990");
        assertThat(LogFileReader.newestTimestamp(dir.resolve("t-out.log"))).isEqualTo(Lines.BASE + 999);
        assertThat(LogFileReader.newestTimestamp(dir.resolve("missing.log"))).isZero();
    }

    /** What the daemon does today: both files read whole, merged by time (stable), classified. */
    private List<ClassifiedLine> readAsList() {
        List<ClassifiedLine> all = new ArrayList<>();
        for (LogStream s : LogStream.values()) {
            for (LogFormat.FileLine l : LogFileReader.tail(file(s), Integer.MAX_VALUE, 0)) {
                all.add(Classifier.classify(new RawLine(l.timestampMs(), s, l.text())));
            }
        }
        all.sort(Comparator.comparingLong(ClassifiedLine::timestampMs));
        return all;
    }

    /**
     * The streamed way: anchor from the newest line of each file, then every file newest first;
     * a line's sequence is its position from the end of its file, negated (later in a file = larger).
     */
    private LogSummary streamed() {
        long anchor = 0;
        for (LogStream s : LogStream.values()) {
            anchor = Math.max(anchor, LogFileReader.newestTimestamp(file(s)));
        }
        SummaryBuilder builder = new SummaryBuilder(anchor);
        for (LogStream s : LogStream.values()) {
            long[] fromEnd = {0};
            LogFileReader.newestFirst(file(s), 0, l -> {
                builder.add(Classifier.classify(new RawLine(l.timestampMs(), s, l.text())), -(++fromEnd[0]));
                return true;
            });
        }
        return builder.build("api", 2);
    }

    private Path file(LogStream s) {
        return dir.resolve("api-" + s.shortName() + ".log");
    }
}
