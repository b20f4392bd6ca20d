// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.velos.sys.SysConf;

/**
 * Reads {@code /proc/<pid>/stat} and {@code statm} through one reused buffer and parses them in
 * place. A sampling pass reads every process's stat on the machine, every two seconds while
 * someone watches: reading each file into a fresh 8 KiB array (what {@code Files.readString}
 * does for a file whose size reads 0), decoding it to a string and splitting it with a regex
 * made ~96 MB of garbage per 10 s with 1,000 apps (issue 15). Not thread-safe: one per thread
 * that samples; {@link ProcFs}'s static readers each use a fresh one.
 */
public final class ProcReader {
    private static final Path PROC = Path.of("/proc");

    private byte[] buffer = new byte[1024];
    private int length;

    /** Parsed {@code /proc/<pid>/stat}; empty when the process is gone. */
    public Optional<ProcStat> stat(int pid) {
        return load(PROC.resolve(Integer.toString(pid)).resolve("stat")) ? ProcStat.parse(buffer, length) : Optional.empty();
    }

    /**
     * Resident set size in bytes: {@code statm} field 2 times the real page size. The {@code rss}
     * field of {@code stat} is the kernel's unsummed per-CPU counter and reads 100-200 KiB low.
     */
    public OptionalLong rssBytes(int pid) {
        if (!load(PROC.resolve(Integer.toString(pid)).resolve("statm"))) {
            return OptionalLong.empty();
        }
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
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC, ProcReader::isPidDir)) {
            for (Path entry : dir) {
                if (load(entry.resolve("stat"))) {
                    ProcStat.parse(buffer, length).ifPresent(result::add);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc", e);
        }
        return result;
    }

    private static boolean isPidDir(Path path) {
        String name = path.getFileName().toString();
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Reads all of {@code file} into {@link #buffer} (grown as needed); false when it cannot be read (gone). */
    private boolean load(Path file) {
        length = 0;
        try (FileChannel channel = FileChannel.open(file)) {
            while (true) {
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = channel.read(ByteBuffer.wrap(buffer, length, buffer.length - length));
                if (n < 0) {
                    return true;
                }
                length += n;
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
