// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.velos.model.LogRotation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's own log: every line stamped with the clock's time, rotated like an app's, echoed in the foreground. */
class DaemonLogTest {
    @TempDir
    Path dir;

    @Test
    void everyLineIsTimestampedEchoedAndTheFileRotates() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T10:00:00Z"), ZoneOffset.UTC);
        Path file = dir.resolve("daemon.log");
        ByteArrayOutputStream foreground = new ByteArrayOutputStream();
        try (DaemonLog log = new DaemonLog(file, new LogPolicy(1024 * 1024, 3).withRotate(LogRotation.DAILY).withCompress(false), clock,
                t -> { throw new AssertionError("writer died", t); })) {
            PrintStream err = new PrintStream(log.stream(foreground), true, StandardCharsets.UTF_8);
            err.print("velos daemon ");
            err.println("started");
            new IllegalStateException("boom").printStackTrace(err);
            log.flush();
            List<String> lines = Files.readAllLines(file);
            assertThat(lines.getFirst()).isEqualTo("2026-03-10T10:00:00.000Z velos daemon started");
            assertThat(lines).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(LogFormat.parse(l).timestampMs())
                    .isEqualTo(clock.millis()));
            assertThat(lines.get(1)).endsWith(" java.lang.IllegalStateException: boom");
            assertThat(foreground.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n", lines) + "\n");

            clock.advance(Duration.ofDays(1));
            log.line("a new day");
            log.flush();
            assertThat(Files.readAllLines(file)).containsExactly("2026-03-11T10:00:00.000Z a new day");
            assertThat(Files.readString(dir.resolve("daemon.log.1"))).contains("velos daemon started");
        }
    }
}
