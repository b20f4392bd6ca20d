// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.velos.model.AppSpec;
import dev.velos.model.LogLine;

/**
 * The supervisor's footprint with N {@code sleep} children (issue 15.4/15.5), for measuring by
 * hand: starts a Supervisor (subreaper, runtime directory, a raw log sink that counts and drops
 * lines — the daemon's sink is a RawLogSink too; {@code plain} for a LogLine sink), starts N apps that print one line and sleep, waits until their output has
 * been read, runs a GC, prints {@code READY <pid> rss=<KiB>} and holds for {@code hold} seconds
 * so {@code jcmd <pid> GC.class_histogram} / {@code VM.native_memory summary} can look. Then
 * stops everything. Run with e.g. {@code -Xlog:class+load:file=classes.txt} to count classes.
 * Usage: {@code FootprintMain <apps> [hold seconds] [plain]}.
 */
public final class FootprintMain {
    private FootprintMain() {
    }

    public static void main(String[] args) throws Exception {
        int apps = Integer.parseInt(args[0]);
        int hold = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Path home = Files.createTempDirectory("velos-sup-footprint");
        long[] lines = new long[1];
        RawLogSink countingSink = (id, name, stream, ts, bytes, offset, length, continued) -> lines[0]++;
        try (Supervisor supervisor = Supervisor.builder().subreaper(true).runtimeDirectory(home)
                .logSink(args.length > 2 && args[2].equals("plain") ? (LogLine line) -> lines[0]++ : countingSink).build()) {
            List<CompletableFuture<?>> started = new ArrayList<>(apps);
            List<String> args0 = List.of("-c", "echo started; exec sleep 3600");
            for (int i = 0; i < apps; i++) {
                started.add(supervisor.start(AppSpec.builder("app-" + i, "/bin/sh").args(args0).build()));
            }
            started.forEach(CompletableFuture::join);
            started.clear(); // the harness keeps no ProcessInfo per app
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (lines[0] < apps && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            supervisor.list().join();
            System.gc();
            Thread.sleep(200);
            System.out.println("READY " + ProcessHandle.current().pid() + " apps=" + apps + " lines=" + lines[0] + " rss="
                    + rssKiB() + " KiB");
            System.out.flush();
            Thread.sleep(hold * 1000L);
        }
    }

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
