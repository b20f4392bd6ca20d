// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.LogLine;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Log files that cannot be written: the condition is reported once, counted, and cleared when writing works again. */
class LogWriteFailureTest {
    @TempDir
    Path dir;

    /** A System.Logger that keeps what it is told. */
    private static final class Recorder implements System.Logger {
        final List<String> messages = new ArrayList<>();

        @Override
        public String getName() {
            return "recorder";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            messages.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            messages.add(java.text.MessageFormat.format(format, params));
        }
    }

    @Test
    void aFailingFileIsReportedOnceCountedAndClearedByTheNextGoodFlush() {
        Recorder log = new Recorder();
        WriteErrors errors = new WriteErrors(log);
        Path out = dir.resolve("web-out.log");
        Path err = dir.resolve("web-err.log");
        for (int i = 0; i < 100; i++) {
            errors.failed("web", out, new IOException("No space left on device"), 10);
        }
        assertThat(log.messages).hasSize(1);
        assertThat(log.messages.getFirst()).contains("'web'").contains("No space left on device");
        assertThat(errors.of("web")).startsWith("No space left on device").contains("1000 line(s) dropped");
        assertThat(errors.of("api")).isEmpty();
        errors.succeeded(err); // the other stream working says nothing about this one
        assertThat(errors.of("web")).isNotEmpty();
        errors.succeeded(out);
        assertThat(errors.of("web")).isEmpty();
        assertThat(log.messages).hasSize(2);
        assertThat(log.messages.get(1)).contains("again").contains("1000 line(s) were dropped");
    }

    @Test
    void halfALineLeftByAnInterruptedWriteIsDroppedBeforeWritingOn() throws Exception {
        Path file = dir.resolve("app-out.log");
        Files.writeString(file, "2023-11-14T22:13:20.000Z whole\n2023-11-14T22:1");
        try (LogFileWriter w = new LogFileWriter(dir)) {
            Lines.append(w, new LogLine(1, "app", LogStream.STDOUT, Instant.ofEpochMilli(1_700_000_000_001L), "next", false));
            w.flush();
            assertThat(w.writeError("app")).isEmpty();
        }
        assertThat(Files.readString(file)).isEqualTo("2023-11-14T22:13:20.000Z whole\n2023-11-14T22:13:20.001Z next\n");
    }
}
