// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import dev.velos.ipc.WireTypes;
import dev.velos.model.VelosVersion;

/** The daemon's own figures for {@code daemon.stats}: resident memory, uptime and IPC requests served. */
final class SelfStats {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final long startedNanos = System.nanoTime();
    private final LongSupplier requestsServed;

    SelfStats(LongSupplier requestsServed) {
        this.requestsServed = requestsServed;
    }

    WireTypes.DaemonStats snapshot() {
        return new WireTypes.DaemonStats(VelosVersion.CURRENT, ProcessHandle.current().pid(),
                (System.nanoTime() - startedNanos) / 1_000_000, residentBytes(), requestsServed.getAsLong());
    }

    /** VmRSS from /proc/self/status (kB there, so no page size is needed); 0 if unreadable. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String digits = line.substring(6).replaceAll("[^0-9]", "");
                    return digits.isEmpty() ? 0 : Long.parseLong(digits) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // /proc is always there on Linux; without it the figure is simply unknown.
        }
        return 0;
    }
}
