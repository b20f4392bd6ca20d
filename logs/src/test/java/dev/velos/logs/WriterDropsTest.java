// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.LogRotation;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer that cannot keep up (here: stuck, as on a hung disk) never blocks whoever hands it
 * lines: past its bound it drops them, counts them per app, and says how many in the file.
 */
class WriterDropsTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a blocked producer would hang here rather than fail
    void aStuckWriterDropsCountsAndThenSaysHowManyInTheFile() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T10:00:00Z"), ZoneOffset.UTC);
        LogFileWriter writer = new LogFileWriter(dir, 16, t -> { throw new AssertionError("writer died", t); }, clock, 64 * 1024);
        try (LogStore logs = new LogStore(writer)) {
            // Rotation by time makes the writer read the clock before each file's write: stalling the clock stalls it.
            logs.policy("app", LogPolicy.DEFAULT.withRotate(LogRotation.HOURLY));
            clock.stall();
            LogStoreTest.line(logs, 1, "app", LogStream.STDOUT, 1, "first");
            // Only once the writer is stuck on "first": a writer slow to wake would otherwise take the
            // lines queued so far with it, and the queue would have room again for a while.
            clock.awaitStalledReader();
            String text = "x".repeat(1000);
            int sent = 1;
            while (logs.droppedLines("app") == 0) { // the writer holds "first"; what follows piles up, then drops
                LogStoreTest.line(logs, 1, "app", LogStream.STDOUT, 2, text);
                sent++;
            }
            for (int i = 0; i < 500; i++) {
                LogStoreTest.line(logs, 1, "app", LogStream.STDOUT, 2, text);
                sent++;
            }
            long dropped = logs.droppedLines("app");
            assertThat(dropped).isGreaterThanOrEqualTo(500);
            assertThat(logs.droppedLines("other")).isZero();

            clock.release();
            LogStoreTest.line(logs, 1, "app", LogStream.STDOUT, 3, "after");
            logs.newestFirst(Map.of("app", 1), 1, "all", 0, l -> false); // waits for the writer
            List<String> lines = Files.readAllLines(dir.resolve("app-out.log"), StandardCharsets.UTF_8);
            assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("[velos] " + dropped + " line(s) dropped: the log writer could not keep up"));
            assertThat(lines.stream().filter(l -> l.endsWith(text)).count()).isEqualTo(sent - 1 - dropped);
            assertThat(lines.getLast()).endsWith(" after");
            assertThat(logs.droppedLines("app")).isEqualTo(dropped);
        }
    }
}
