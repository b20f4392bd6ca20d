// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14.8: the writer's memory does not grow with the number of open files. Each of 2,000 apps
 * writes to both streams the way the daemon does (blocks in the file format), and the heap the
 * writer keeps afterwards is measured after a GC. 64 KiB of buffer per open file — the old writer —
 * is 250 MiB here; the bound below allows 2 KiB per file, far above what an open channel costs and
 * far below any per-file buffer.
 */
class ManyAppsWriterTest {
    static final int APPS = 2_000;
    static final long BYTES_PER_FILE = 2048;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void twoThousandAppsWithBothStreamsOpenKeepTheHeapSmall() throws Exception {
        long retained = retainedHeapAfterWriting(dir, APPS, 3);
        assertThat(retained).as("heap kept by a writer with %d open files", 2 * APPS)
                .isLessThan(2L * APPS * BYTES_PER_FILE);
        assertThat(Files.readString(dir.resolve("app-1999-err.log"))).endsWith(" app-1999 err line 2\n");
    }

    @Test
    @Timeout(60)
    void pastTheOpenFileBudgetTheLeastRecentlyWrittenFilesAreClosedAndReopenedOnDemand() throws Exception {
        try (LogFileWriter writer = new LogFileWriter(dir, 8)) {
            for (int round = 0; round < 3; round++) {
                for (int app = 0; app < 50; app++) {
                    Lines.append(writer, new dev.velos.model.LogLine(1, "a" + app, LogStream.STDOUT,
                            java.time.Instant.ofEpochMilli(Lines.BASE + round), "round " + round, false));
                }
                writer.flush();
                assertThat(openFilesIn(dir)).isBetween(1L, 8L);
            }
            assertThat(writer.linesWritten()).isEqualTo(150);
        }
        assertThat(Files.readAllLines(dir.resolve("a0-out.log"))).hasSize(3).last().asString().endsWith(" round 2");
        assertThat(openFilesIn(dir)).isZero();
    }

    /** Descriptors of this process open on files in {@code dir}. */
    private static long openFilesIn(Path dir) throws java.io.IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(dir);
                } catch (java.io.IOException e) {
                    return false; // the descriptor that listed the directory is gone already
                }
            }).count();
        }
    }

    /**
     * Writes {@code rounds} lines to both streams of {@code apps} apps and returns the heap in use
     * (after GC) while the writer still holds its files, minus the heap before it was created.
     */
    static long retainedHeapAfterWriting(Path dir, int apps, int rounds) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        try (LogFileWriter writer = new LogFileWriter(dir)) {
            LogFormat.Stamper stamper = new LogFormat.Stamper();
            for (int round = 0; round < rounds; round++) {
                for (int app = 0; app < apps; app++) {
                    for (LogStream stream : LogStream.values()) {
                        byte[] text = ("app-" + app + " " + stream.shortName() + " line " + round).getBytes(StandardCharsets.UTF_8);
                        byte[] stamp = stamper.bytes(Lines.BASE + round);
                        byte[] block = new byte[stamp.length + text.length + 2];
                        System.arraycopy(stamp, 0, block, 0, stamp.length);
                        block[stamp.length] = ' ';
                        System.arraycopy(text, 0, block, stamp.length + 1, text.length);
                        block[block.length - 1] = '\n';
                        writer.appendBatch("app-" + app, stream, block, block.length, 1);
                    }
                }
                writer.flush();
            }
            assertThat(writer.linesWritten()).isEqualTo(2L * apps * rounds);
            long retained = usedAfterGc(memory) - before;
            System.out.printf("writer with %d apps: %.1f MiB of heap retained%n", apps, retained / 1048576.0);
            return retained;
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
