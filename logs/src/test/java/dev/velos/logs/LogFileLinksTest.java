// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.LogLine;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 14.7: a link planted where a log file goes is never followed — not to write, truncate, rotate or read. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogFileLinksTest {
    private static final String PRECIOUS = "root:x:0:0:root:/root:/bin/sh\n";

    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;
    Path target;

    @BeforeEach
    void plantTarget() throws Exception {
        target = elsewhere.resolve("passwd");
        Files.writeString(target, PRECIOUS);
    }

    private static LogLine line(LogStream stream, int i, String text) {
        return new LogLine(1, "app", stream, Instant.ofEpochMilli(Lines.BASE + i), text, false);
    }

    @Test
    void aLinkAtTheLogFileIsNeitherTruncatedNorWrittenAndTheErrorIsReported() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("app-out.log"), target);
        try (LogFileWriter w = new LogFileWriter(dir)) {
            Lines.append(w, line(LogStream.STDOUT, 0, "to the link"));
            Lines.append(w, line(LogStream.STDERR, 1, "to the real file"));
            w.flush();
            assertThat(w.writeError("app")).contains("symbolic link").contains("1 line(s) dropped");
            assertThat(Files.readString(dir.resolve("app-err.log"))).endsWith(" to the real file\n");
            w.truncate("app").join();
            Lines.append(w, line(LogStream.STDOUT, 2, "again"));
            w.flush();
            assertThat(w.writeError("app")).contains("2 line(s) dropped");
        }
        assertThat(Files.readString(target)).isEqualTo(PRECIOUS);
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void rotationReplacesALinkAmongTheRotatedNamesInsteadOfWritingThroughIt() throws Exception {
        Path rotatedLink = Files.createSymbolicLink(LogFileWriter.rotated(dir.resolve("app-out.log"), 1), target);
        try (LogFileWriter w = new LogFileWriter(dir)) {
            w.policy("app", new LogPolicy(4096, 3));
            for (int i = 0; i < 200; i++) {
                Lines.append(w, line(LogStream.STDOUT, i, "line " + i + " " + "x".repeat(60)));
            }
            w.flush();
            assertThat(w.writeError("app")).isEmpty();
        }
        assertThat(Files.readString(target)).isEqualTo(PRECIOUS);
        assertThat(Files.isSymbolicLink(rotatedLink)).isFalse();
        assertThat(Files.readString(rotatedLink)).contains("line ");
    }

    @Test
    void aFifoAtTheLogFileIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("app-out.log");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        try (LogFileWriter w = new LogFileWriter(dir)) {
            Lines.append(w, line(LogStream.STDOUT, 0, "nowhere"));
            w.flush();
            assertThat(w.writeError("app")).contains("not a regular file");
        }
    }

    @Test
    void readingRefusesALink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("app-out.log"), target);
        assertThatThrownBy(() -> LogFileReader.tail(link, 10, 0)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("symbolic link");
    }
}
