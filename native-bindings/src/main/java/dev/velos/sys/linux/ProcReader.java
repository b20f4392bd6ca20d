// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.velos.sys.SysConf;

/**
 * Reads {@code /proc/<pid>/stat} and {@code statm} through one reused {@link ProcFileBuffer} and
 * parses them in place. A sampling pass reads every process's stat on the machine, every two
 * seconds while someone watches: reading each file into a fresh 8 KiB array (what
 * {@code Files.readString} does for a file whose size reads 0), decoding it to a string and
 * splitting it with a regex made ~96 MB of garbage per 10 s with 1,000 apps (issue 15).
 * Not thread-safe: one per thread that samples; {@link ProcFs}'s static readers each use a fresh one.
 */
public final class ProcReader {
    private final ProcFileBuffer file = new ProcFileBuffer(1024);

    /** Parsed {@code /proc/<pid>/stat}; empty when the process is gone. */
    public Optional<ProcStat> stat(int pid) {
        return file.read("/proc/" + pid + "/stat") ? ProcStat.parse(file.bytes, file.length) : Optional.empty();
    }

    /**
     * Resident set size in bytes: {@code statm} field 2 times the real page size. The {@code rss}
     * field of {@code stat} is the kernel's unsummed per-CPU counter and reads 100-200 KiB low.
     */
    public OptionalLong rssBytes(int pid) {
        if (!file.read("/proc/" + pid + "/statm")) {
            return OptionalLong.empty();
        }
        byte[] buffer = file.bytes;
        int length = file.length;
        int at = 0;
        while (at < length && buffer[at] != ' ') {
            at++; // field 1, size
        }
        at++;
        long pages = 0;
        int digits = 0;
        for (; at < length && buffer[at] >= '0' && buffer[at] <= '9'; at++, digits++) {
            pages = pages * 10 + (buffer[at] - '0');
        }
        return digits == 0 ? OptionalLong.empty() : OptionalLong.of(pages * SysConf.pageSize());
    }

    /** Every live process, as parsed stat lines (one pass over {@code /proc}). */
    public List<ProcStat> allProcesses() {
        List<ProcStat> result = new ArrayList<>();
        ProcFileBuffer.forEachPid(pid -> stat(pid).ifPresent(result::add));
        return result;
    }
}
