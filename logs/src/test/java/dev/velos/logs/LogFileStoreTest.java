// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.LogLine;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The log files: format, rotation, truncation, and reading them back from the end. */
class LogFileStoreTest {
    @TempDir
    Path dir;

    private static LogLine line(String name, int i, String text) {
        return new LogLine(1, name, LogStream.STDOUT, Instant.ofEpochMilli(1_700_000_000_000L + i), text, false);
    }

    @Test
    void linesAreWrittenWithAMillisecondUtcTimestampInAPrivateFile() throws Exception {
        try (LogFileWriter w = new LogFileWriter(dir)) {
            Lines.append(w, line("app", 0, "hello"));
            Lines.append(w, new LogLine(1, "app", LogStream.STDOUT, Instant.ofEpochMilli(1_700_000_000_001L), "rest", true));
            w.flush();
            Path file = dir.resolve("app-out.log");
            assertThat(Files.readString(file)).isEqualTo("2023-11-14T22:13:20.000Z hello\n2023-11-14T22:13:20.001Z+rest\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(LogFileReader.tail(file, 10, 0)).extracting(LogFormat.FileLine::continued).containsExactly(false, true);
        }
    }

    @Test
    void rotationKeepsRetainFilesAndReadingSpansThem() throws Exception {
        try (LogFileWriter w = new LogFileWriter(dir)) {
            w.policy("big", new LogPolicy(4096, 5).withCompress(false)); // ~38 lines of 106 bytes per file: 5 rotated files hold 190
            String pad = "x".repeat(70);
            for (int i = 0; i < 1000; i++) {
                Lines.append(w, line("big", i, String.format("line-%04d %s", i, pad)));
            }
            w.flush();
        }
        Path file = dir.resolve("big-out.log");
        assertThat(file).exists();
        assertThat(LogFileWriter.rotated(file, 1)).exists();
        assertThat(LogFileWriter.rotated(file, 5)).exists();
        assertThat(LogFileWriter.rotated(file, 6)).doesNotExist();
        for (Path p : List.of(file, LogFileWriter.rotated(file, 1), LogFileWriter.rotated(file, 2))) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(4096);
        }
        List<LogFormat.FileLine> last = LogFileReader.tail(file, 100, 0);
        assertThat(last).hasSize(100);
        assertThat(last.get(0).text()).startsWith("line-0900");
        assertThat(last.get(99).text()).startsWith("line-0999");
        // More lines than the current file holds come from .1, .2, ... in order.
        List<LogFormat.FileLine> spanning = LogFileReader.tail(file, 150, 0);
        assertThat(spanning.get(0).text()).startsWith("line-0850");
        assertThat(spanning).extracting(LogFormat.FileLine::timestampMs).isSorted();
    }

    @Test
    void sinceStopsReadingAtOlderLines() {
        try (LogFileWriter w = new LogFileWriter(dir)) {
            IntStream.range(0, 500).forEach(i -> Lines.append(w, line("t", i, "n" + i)));
            w.flush();
        }
        List<LogFormat.FileLine> recent = LogFileReader.tail(dir.resolve("t-out.log"), 1000, 1_700_000_000_000L + 450);
        assertThat(recent).hasSize(50);
        assertThat(recent.get(0).text()).isEqualTo("n450");
    }

    @Test
    void truncateEmptiesTheFilesWhileWritingGoesOn() throws Exception {
        try (LogFileWriter w = new LogFileWriter(dir)) {
            w.policy("f", new LogPolicy(4096, 2));
            for (int i = 0; i < 300; i++) {
                Lines.append(w, line("f", i, "before-" + i + " " + "y".repeat(40)));
            }
            w.truncate("f").join();
            Lines.append(w, line("f", 301, "after"));
            w.flush();
        }
        Path file = dir.resolve("f-out.log");
        assertThat(LogFileWriter.rotated(file, 1)).doesNotExist();
        assertThat(LogFileReader.tail(file, 10, 0)).extracting(LogFormat.FileLine::text).containsExactly("after");
    }

    @Test
    void aFiveMegabyteLineIsReadBackWhole() {
        String huge = "z".repeat(5 * 1024 * 1024);
        try (LogFileWriter w = new LogFileWriter(dir)) {
            w.policy("h", new LogPolicy(64L * 1024 * 1024, 1));
            Lines.append(w, line("h", 0, "small"));
            Lines.append(w, line("h", 1, huge));
            Lines.append(w, line("h", 2, "tail"));
            w.flush();
        }
        List<LogFormat.FileLine> lines = LogFileReader.tail(dir.resolve("h-out.log"), 10, 0);
        assertThat(lines).extracting(l -> l.text().length()).containsExactly(5, huge.length(), 4);
    }

    @Test
    void aLineStillBeingWrittenIsNotReturned() throws Exception {
        Path file = dir.resolve("p-out.log");
        Files.writeString(file, "2023-11-14T22:13:20.000Z done\n2023-11-14T22:13:20.001Z half-writ");
        assertThat(LogFileReader.tail(file, 10, 0)).extracting(LogFormat.FileLine::text).containsExactly("done");
        assertThat(LogFileReader.tail(dir.resolve("missing.log"), 10, 0)).isEmpty();
    }

    @Test
    void saturationIsReportedWhenTheQueueIsFarBehind() {
        try (LogFileWriter w = new LogFileWriter(dir)) {
            assertThat(w.saturated()).isFalse();
            String chunk = "q".repeat(1024 * 1024);
            // Enqueue faster than any disk: 40 MiB in a burst (the blocks made first).
            List<byte[]> blocks = IntStream.range(0, 40).mapToObj(i -> Lines.block(line("s", i, chunk))).toList();
            for (byte[] block : blocks) {
                w.appendBatch("s", LogStream.STDOUT, block, block.length, 1);
            }
            // Appending takes microseconds; writing 40 MiB takes far longer, so the queue is behind now.
            assertThat(w.saturated()).isTrue();
            w.flush();
            assertThat(w.saturated()).isFalse();
            assertThat(w.linesWritten()).isEqualTo(40);
        }
    }
}
