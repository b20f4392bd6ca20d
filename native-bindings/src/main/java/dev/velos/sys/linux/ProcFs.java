// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        return read(PROC.resolve(Integer.toString(pid)).resolve("stat")).flatMap(ProcStat::parse);
    }

    /**
     * Resident set size in bytes: {@code statm} field 2 times the real page size. The {@code rss}
     * field of {@code stat} is the kernel's unsummed per-CPU counter and reads 100-200 KiB low.
     */
    public static Optional<Long> rssBytes(int pid) {
        return read(PROC.resolve(Integer.toString(pid)).resolve("statm")).flatMap(text -> {
            String[] fields = text.trim().split(" +");
            if (fields.length < 2) {
                return Optional.empty();
            }
            try {
                return Optional.of(Long.parseLong(fields[1]) * SysConf.pageSize());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
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
        List<ProcStat> result = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC, ProcFs::isPidDir)) {
            for (Path entry : dir) {
                read(entry.resolve("stat")).flatMap(ProcStat::parse).ifPresent(result::add);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc", e);
        }
        return result;
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

    private static boolean isPidDir(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
