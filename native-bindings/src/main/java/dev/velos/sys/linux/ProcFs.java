// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.velos.sys.SysConf;

/**
 * Readers of {@code /proc}. Every reader returns empty when the process is gone: a process can
 * vanish between listing {@code /proc} and opening its files, and that is normal, not an error.
 * Plain {@link Files} reads are fine on virtual threads (JDK file I/O compensates).
 */
public final class ProcFs {
    private static final Path PROC = Path.of("/proc");

    private ProcFs() {
    }

    /** Parsed {@code /proc/<pid>/stat}. */
    public static Optional<ProcStat> stat(int pid) {
        return new ProcReader().stat(pid);
    }

    /** See {@link ProcReader#rssBytes}. */
    public static Optional<Long> rssBytes(int pid) {
        java.util.OptionalLong rss = new ProcReader().rssBytes(pid);
        return rss.isPresent() ? Optional.of(rss.getAsLong()) : Optional.empty();
    }

    /** utime + stime of all threads of {@code pid}, in clock ticks. */
    public static Optional<Long> cpuTicks(int pid) {
        return stat(pid).map(ProcStat::cpuTicks);
    }

    /** Start time in clock ticks since boot; compare it to tell a process from a later one with its pid. */
    public static Optional<Long> startTicks(int pid) {
        return stat(pid).map(ProcStat::startTicks);
    }

    /** Every live process, as parsed stat lines (one pass over {@code /proc}). */
    public static List<ProcStat> allProcesses() {
        return new ProcReader().allProcesses();
    }

    /** Whether any process other than a zombie is in process group {@code pgid}. */
    public static boolean hasLiveGroupMembers(int pgid) {
        return allProcesses().stream().anyMatch(s -> s.pgrp() == pgid && !s.isZombie());
    }

    /** The pids whose process group is {@code pgid}, zombies included. */
    public static List<Integer> processGroupMembers(int pgid) {
        return allProcesses().stream().filter(s -> s.pgrp() == pgid).map(ProcStat::pid).toList();
    }

    /** The fd numbers open in {@code /proc/<pid>/fd}, sorted; empty when the process is gone. */
    public static List<Integer> openFds(int pid) {
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC.resolve(Integer.toString(pid)).resolve("fd"))) {
            for (Path entry : dir) {
                fds.add(Integer.parseInt(entry.getFileName().toString()));
            }
        } catch (IOException e) {
            return List.of();
        }
        fds.sort(null);
        return fds;
    }

    public static long clockTicksPerSecond() {
        return SysConf.clockTicksPerSecond();
    }

    public static long pageSize() {
        return SysConf.pageSize();
    }

}
