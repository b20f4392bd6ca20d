// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.LogLine;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer thread's death is reported (14.9), and reopenAll follows a file renamed away (16.6). */
class WriterLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void aWriterThreadThatDiesIsReportedAndLaterBarriersFailAtOnce() throws Exception {
        CompletableFuture<Throwable> death = new CompletableFuture<>();
        try (LogFileWriter writer = new LogFileWriter(dir, 16, death::complete)) {
            // A block claiming more bytes than it holds: the kind of bug that used to end the thread silently.
            writer.appendBatch("app", LogStream.STDOUT, new byte[4], 100, 1);
            Throwable cause = death.get(10, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOf(IndexOutOfBoundsException.class);
            long before = System.nanoTime();
            assertThatThrownBy(() -> writer.barrier().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - before)).isLessThan(5);
        }
    }

    @Test
    void closeIsNotADeath() throws Exception {
        CompletableFuture<Throwable> death = new CompletableFuture<>();
        LogFileWriter writer = new LogFileWriter(dir, 16, death::complete);
        Lines.append(writer, new LogLine(1, "app", LogStream.STDOUT, Instant.now(), "hello", false));
        writer.close();
        Thread.sleep(200);
        assertThat(death).isNotDone();
    }

    @Test
    void reopenAllSendsNewLinesToANewFileAtTheOriginalPath() throws Exception {
        try (LogFileWriter writer = new LogFileWriter(dir, 16, t -> { })) {
            Path file = writer.fileFor("app", LogStream.STDOUT).orElseThrow();
            Lines.append(writer, new LogLine(1, "app", LogStream.STDOUT, Instant.now(), "before rotation", false));
            writer.barrier().get(10, TimeUnit.SECONDS);
            Path rotated = dir.resolve("app-out.log.rotated");
            Files.move(file, rotated);
            writer.reopenAll().get(10, TimeUnit.SECONDS);
            Lines.append(writer, new LogLine(1, "app", LogStream.STDOUT, Instant.now(), "after rotation", false));
            writer.barrier().get(10, TimeUnit.SECONDS);
            assertThat(Files.readString(rotated, StandardCharsets.UTF_8)).contains("before rotation").doesNotContain("after");
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("after rotation").doesNotContain("before");
        }
    }
}
