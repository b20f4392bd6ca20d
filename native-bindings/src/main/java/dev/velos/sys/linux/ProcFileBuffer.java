// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * One reused array that whole {@code /proc} files are read into, for readers that go over every
 * process ({@link ProcEnviron}, {@link ProcReader}): a fresh array per file, what
 * {@code Files.readAllBytes} makes (8 KiB for a file whose size reads 0), is the garbage issue 15
 * measured. Not thread-safe: one per reader.
 */
final class ProcFileBuffer {
    private static final Path PROC = Path.of("/proc");

    /** The file read last: {@link #length} bytes from 0; what follows is left over from earlier files. */
    byte[] bytes;
    int length;

    ProcFileBuffer(int initialBytes) {
        bytes = new byte[initialBytes];
    }

    /**
     * Reads the whole file; false when it cannot be read (gone, or another user's). A plain
     * FileInputStream into the reused array: measured 10-17 µs a file against 13-41 µs for a
     * FileChannel and 18-29 µs for Files.readAllBytes (most of what is left is the kernel copying
     * the other process's memory).
     */
    boolean read(String file) {
        length = 0;
        try (FileInputStream in = new FileInputStream(file)) {
            int n;
            while ((n = in.read(bytes, length, bytes.length - length)) > 0) {
                length += n;
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
            }
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Calls {@code action} with the pid of every process in {@code /proc} (one listing; gone ones are the reader's to skip). */
    static void forEachPid(IntConsumer action) {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
            for (Path entry : dir) {
                int pid = pidOf(entry.getFileName().toString());
                if (pid > 0) {
                    action.accept(pid);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
    }

    /** The pid a {@code /proc} entry's name stands for, or -1 for the other entries (self, sys, ...). */
    private static int pidOf(String name) {
        if (name.isEmpty() || name.length() > 9) {
            return -1;
        }
        int pid = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }
}
