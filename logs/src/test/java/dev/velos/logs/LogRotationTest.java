// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.LogRotation;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation by local hour and day from an injected clock, gzip of rotated files in the background
 * (a crash mid-way never leaves a partial .gz in place of the file), retention by count and by age,
 * and reads that cross compressed files: real files in a temp dir, no waiting a day.
 */
class LogRotationTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    Path dir;

    private static TestClock at(String localDateTime) {
        return new TestClock(ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), NEW_YORK).toInstant(), NEW_YORK);
    }

    private static LogStore store(Path dir, TestClock clock) {
        return new LogStore(dir, t -> { throw new AssertionError("writer died", t); }, clock);
    }

    private static void write(LogStore logs, TestClock clock, String text) {
        LogStoreTest.line(logs, 1, "app", LogStream.STDOUT, clock.millis(), text);
    }

    private static List<String> all(LogStore logs, long sinceMs) {
        List<String> newestFirst = new ArrayList<>();
        logs.newestFirst(Map.of("app", 1), Integer.MAX_VALUE, "all", sinceMs, l -> newestFirst.add(l.text()));
        return newestFirst.reversed();
    }

    @Test
    void dailyRotationHappensAtLocalMidnightNotAtUtcMidnight() throws Exception {
        TestClock clock = at("2026-03-10T18:50:00"); // 23:50 UTC
        try (LogStore logs = store(dir, clock)) {
            logs.policy("app", LogPolicy.DEFAULT.withRotate(LogRotation.DAILY).withCompress(false));
            write(logs, clock, "evening");
            all(logs, 0);
            clock.advance(Duration.ofMinutes(20)); // 19:10 local, past UTC midnight
            write(logs, clock, "later that evening");
            all(logs, 0);
            assertThat(dir.resolve("app-out.log.1")).doesNotExist();
            clock.advance(Duration.ofHours(5)); // 00:10 local: a new day
            write(logs, clock, "next day");
            assertThat(all(logs, 0)).containsExactly("evening", "later that evening", "next day");
            assertThat(Files.readString(dir.resolve("app-out.log.1"))).contains("evening").doesNotContain("next day");
            assertThat(Files.readString(dir.resolve("app-out.log"))).contains("next day").doesNotContain("evening");
        }
    }

    @Test
    void anIdleFileIsRotatedByTheMaintenancePassOnceItsDayIsOverAndItsOldRotationsExpire() throws Exception {
        TestClock clock = at("2026-03-10T23:30:00");
        try (LogStore logs = store(dir, clock)) {
            logs.policy("app", LogPolicy.DEFAULT.withRotate(LogRotation.DAILY).withCompress(false).withRetainDays(1));
            write(logs, clock, "last words");
            all(logs, 0);
            logs.maintain().get(10, TimeUnit.SECONDS);
            assertThat(dir.resolve("app-out.log.1")).as("the day is not over yet").doesNotExist();
            clock.advance(Duration.ofHours(1)); // 00:30 the next day; the app printed nothing since
            logs.maintain().get(10, TimeUnit.SECONDS);
            assertThat(Files.readString(dir.resolve("app-out.log.1"))).contains("last words");
            assertThat(dir.resolve("app-out.log")).doesNotExist();
            Files.setLastModifiedTime(dir.resolve("app-out.log.1"), FileTime.from(clock.instant().minus(Duration.ofDays(1))));
            clock.advance(Duration.ofHours(2));
            logs.maintain().get(10, TimeUnit.SECONDS);
            logs.rotationsIdle().get(10, TimeUnit.SECONDS);
            assertThat(dir.resolve("app-out.log.1")).as("older than log_retain_days, though nothing was written").doesNotExist();
        }
    }

    @Test
    void hourlyRotationHappensAtTheLocalHour() throws Exception {
        TestClock clock = at("2026-03-10T10:59:00");
        try (LogStore logs = store(dir, clock)) {
            logs.policy("app", LogPolicy.DEFAULT.withRotate(LogRotation.HOURLY).withCompress(false));
            write(logs, clock, "ten");
            all(logs, 0);
            clock.advance(Duration.ofMinutes(2));
            write(logs, clock, "eleven");
            all(logs, 0);
            clock.advance(Duration.ofMinutes(30));
            write(logs, clock, "still eleven");
            assertThat(all(logs, 0)).containsExactly("ten", "eleven", "still eleven");
            assertThat(Files.readString(dir.resolve("app-out.log.1"))).contains("ten").doesNotContain("eleven");
            assertThat(dir.resolve("app-out.log.2")).doesNotExist();
        }
    }

    @Test
    void rotatedFilesAreCompressedInTheBackgroundKeptByCountAndReadAcrossWithSince() throws Exception {
        TestClock clock = at("2026-03-10T10:00:00");
        List<String> written = new ArrayList<>();
        try (LogStore logs = store(dir, clock)) {
            logs.policy("app", new LogPolicy(4096, 4)); // compress by default
            for (int i = 0; i < 400; i++) {
                clock.advance(Duration.ofSeconds(1));
                String text = String.format("line-%04d %s", i, "z".repeat(60));
                write(logs, clock, text);
                written.add(text);
                if (i % 20 == 0) {
                    all(logs, 0); // blocks reach the writer in several drains, as in life
                }
            }
            all(logs, 0);
            logs.rotationsIdle().get(30, TimeUnit.SECONDS);
            Path file = dir.resolve("app-out.log");
            assertThat(LogFiles.rotated(file, 1)).as("the newest rotation stays plain").exists();
            for (int k = 2; k <= 4; k++) {
                assertThat(LogFiles.compressed(file, k)).exists();
                assertThat(LogFiles.rotated(file, k)).doesNotExist();
                assertThat(LogFiles.compressing(file, k)).doesNotExist();
            }
            assertThat(LogFiles.compressed(file, 5)).as("retain = 4").doesNotExist();
            assertThat(gunzip(LogFiles.compressed(file, 2))).allMatch(l -> l.matches("\\S+Z line-\\d{4} z+"));

            // --since reaching into the oldest kept .gz: every line from there on, in order, none missing.
            List<String> oldest = gunzip(LogFiles.compressed(file, 4));
            String from = oldest.get(oldest.size() / 2);
            long sinceMs = LogFormat.parse(from).timestampMs();
            List<String> read = all(logs, sinceMs);
            String fromText = LogFormat.parse(from).text();
            assertThat(read).containsExactlyElementsOf(written.subList(written.indexOf(fromText), written.size()));
        }
    }

    @Test
    void aCompressionCutShortLeavesThePlainFileAndTheNextPassFinishesIt() throws Exception {
        Path file = dir.resolve("app-out.log");
        Files.writeString(file, "2026-03-10T10:00:03.000Z newest\n");
        Files.writeString(LogFiles.rotated(file, 1), "2026-03-10T10:00:02.000Z middle\n");
        Files.writeString(LogFiles.rotated(file, 2), "2026-03-10T10:00:01.000Z oldest\n");
        // What a crash half-way through gzip leaves: the plain file and a partial .gz.tmp beside it.
        Files.write(LogFiles.compressing(file, 2), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0});
        TestClock clock = at("2026-03-10T10:00:00");
        try (LogStore logs = store(dir, clock)) {
            assertThat(all(logs, 0)).containsExactly("oldest", "middle", "newest");
        }
        new RotatedFiles(clock).maintain(file, LogPolicy.DEFAULT);
        assertThat(LogFiles.compressing(file, 2)).doesNotExist();
        assertThat(LogFiles.rotated(file, 2)).doesNotExist();
        assertThat(gunzip(LogFiles.compressed(file, 2))).containsExactly("2026-03-10T10:00:01.000Z oldest");
        assertThat(LogFiles.rotated(file, 1)).exists();
        try (LogStore logs = store(dir, clock)) {
            assertThat(all(logs, 0)).containsExactly("oldest", "middle", "newest");
        }
    }

    @Test
    void rotationsOlderThanRetainDaysAreDeleted() throws Exception {
        TestClock clock = at("2026-03-20T12:00:00");
        Path file = dir.resolve("app-out.log");
        Files.writeString(file, "2026-03-20T16:00:00.000Z today\n");
        for (int k = 1; k <= 4; k++) {
            Path p = k == 1 ? LogFiles.rotated(file, k) : LogFiles.compressed(file, k);
            if (k == 1) {
                Files.writeString(p, "2026-03-19T16:00:00.000Z day -1\n");
            } else {
                try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p))) {
                    out.write(("2026-03-" + (20 - k) + "T16:00:00.000Z day -" + k + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            Files.setLastModifiedTime(p, FileTime.from(clock.instant().minus(Duration.ofDays(k)).plusSeconds(60)));
        }
        new RotatedFiles(clock).maintain(file, LogPolicy.DEFAULT.withRetainDays(2));
        assertThat(LogFiles.rotated(file, 1)).exists();
        assertThat(LogFiles.compressed(file, 2)).exists(); // 2 days minus a minute old
        assertThat(LogFiles.compressed(file, 3)).doesNotExist();
        assertThat(LogFiles.compressed(file, 4)).doesNotExist();
        try (LogStore logs = store(dir, clock)) {
            assertThat(all(logs, 0)).containsExactly("day -2", "day -1", "today");
        }
    }

    private static List<String> gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
