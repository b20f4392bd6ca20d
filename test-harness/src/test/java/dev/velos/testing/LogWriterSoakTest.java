// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.logs.LogFileWriter;
import dev.velos.logs.LogFormat;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14.8 at 10,000 apps (make soak): 20,000 log files, more than the writer keeps open, each
 * written several times in round-robin, so files are closed and reopened all along. The heap the
 * writer keeps is measured after a GC and bounded structurally (2 KiB per file it may keep open),
 * and every line must land. The logs module's own test does the same with 2,000 apps in make test.
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
@Tag("soak")
class LogWriterSoakTest {
    private static final int APPS = 10_000;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void tenThousandAppsWriteThroughABoundedWriter() throws Exception {
        long before = usedAfterGc();
        long retained;
        try (LogFileWriter writer = new LogFileWriter(dir)) {
            LogFormat.Stamper stamper = new LogFormat.Stamper();
            for (int round = 0; round < ROUNDS; round++) {
                for (int app = 0; app < APPS; app++) {
                    for (LogStream stream : LogStream.values()) {
                        byte[] block = (LogFormat.timestamp(1_764_000_000_000L + round) + " app-" + app + " "
                                + stream.shortName() + " line " + round + "\n").getBytes(StandardCharsets.UTF_8);
                        writer.appendBatch("app-" + app, stream, block, block.length, 1);
                    }
                }
                writer.flush();
            }
            assertThat(writer.linesWritten()).isEqualTo(2L * APPS * ROUNDS);
            retained = usedAfterGc() - before;
        }
        System.out.printf("log writer with %d apps (%d files): %.1f MiB of heap retained%n", APPS, 2 * APPS,
                retained / 1048576.0);
        assertThat(retained).isLessThan(2048L * LogFileWriter.DEFAULT_MAX_OPEN_FILES + 2L * APPS * 256);
        assertThat(Files.readAllLines(dir.resolve("app-9999-err.log"))).hasSize(ROUNDS);
    }

    /** Heap in use after a GC (Runtime rather than MemoryMXBean: this module does not read java.management). */
    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
