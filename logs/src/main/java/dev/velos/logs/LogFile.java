// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import dev.velos.model.LogRotation;

/**
 * One open log file of the writer: an unbuffered channel in append mode, the app it belongs to and
 * its size. It holds no buffer of its own — the writer fills one shared buffer per file in turn —
 * so an open file costs a file descriptor and a few hundred bytes of heap, whatever the number of
 * apps (issue 14.8: a 64 KiB buffer per open file exhausted the heap at 600 apps).
 *
 * <p>Never through a symbolic link (issue 14.7): every open passes {@code O_NOFOLLOW}
 * ({@link LinkOption#NOFOLLOW_LINKS} as an open option), so a link planted at
 * {@code logs/<name>-out.log} fails the open instead of sending the app's output — or a truncation
 * — to whatever it points at; the failure goes the way of any write error ({@link WriteErrors}).
 * {@code O_NOFOLLOW} checks only the last path component, which is the one a writer of the log
 * directory controls. Something other than a regular file there (a FIFO, a device) is refused too,
 * checked before the open (a write-only open of a FIFO would block) and again after it.
 *
 * <p>Append mode ({@code O_APPEND}) keeps writes at the end even after logrotate's
 * {@code copytruncate} empties the file under an open descriptor.
 */
final class LogFile {
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> TRUNCATE = Set.of(StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);

    final Path path;
    final String name;
    private final FileChannel channel;
    long size;
    /** The local hour or day ({@link LogRotation#periodOf}) its lines belong to, when rotated by time. */
    long period;

    private LogFile(Path path, String name, FileChannel channel, long size) {
        this.path = path;
        this.name = name;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens (creating it {@code 0600}) {@code path} for appending. A partial last line left by an
     * interrupted write is cut off first (see {@link #dropPartialLine}).
     *
     * @throws IOException also when {@code path} is a symbolic link or not a regular file
     */
    static LogFile open(Path path, String name) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            requireRegularFile(path);
        }
        FileChannel ch = openNoFollow(path, APPEND, PRIVATE);
        try {
            requireRegularFile(path);
            if (ch.size() > 0) {
                dropPartialLine(path, ch);
            }
            return new LogFile(path, name, ch, ch.size());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Empties {@code path} if it exists, never through a link (then it is an error). */
    static void truncate(Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            openNoFollow(path, TRUNCATE).close();
        }
    }

    /** Writes everything in {@code buffer} (from its position to its limit) at the end of the file. */
    void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            size += channel.write(buffer);
        }
    }

    void close() throws IOException {
        channel.close();
    }

    private static FileChannel openNoFollow(Path path, Set<OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        try {
            return FileChannel.open(path, options, attrs);
        } catch (FileSystemException e) {
            // O_NOFOLLOW on a link fails with ELOOP, whose JDK message does not say "link": say it.
            if (Files.isSymbolicLink(path)) {
                throw linkRefused(path);
            }
            throw e;
        }
    }

    private static FileSystemException linkRefused(Path path) {
        return new FileSystemException(path.toString(), null, "is a symbolic link; velos never opens log files through links (remove it)");
    }

    /** Opens {@code path} to read, never through a link (then a clear error). */
    static FileChannel openToRead(Path path) throws IOException {
        return openNoFollow(path, READ);
    }

    private static void requireRegularFile(Path path) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            throw linkRefused(path);
        }
        if (!attrs.isRegularFile()) {
            throw new FileSystemException(path.toString(), null, "is not a regular file; velos writes logs only to regular files");
        }
    }

    /**
     * A write cut short (disk full, daemon killed) leaves half a line at the end of the file; the
     * rest of it is lost, so it goes, and the next line starts clean instead of gluing onto it.
     */
    private static void dropPartialLine(Path path, FileChannel writer) throws IOException {
        try (FileChannel ch = openNoFollow(path, READ)) {
            long end = ch.size();
            long keep = completeLinesEnd(ch, end);
            // Against the size looked at, not the size now: another writer of the same file (a
            // daemon and its successor both writing daemon.log during a hand-over) may have
            // appended whole lines since, and those must stay.
            if (keep < end) {
                writer.truncate(keep);
            }
        }
    }

    /** Where the last complete line of the first {@code end} bytes ends ({@code end} when they end with a newline). */
    private static long completeLinesEnd(FileChannel ch, long end) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        if (end == 0 || (readAt(ch, last, end - 1) && last.get(0) == '\n')) {
            return end; // the usual case, and all a reopen of an idle file costs: one byte read
        }
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(8192, end));
        long keep = end;
        while (keep > 0) {
            long from = Math.max(0, keep - chunk.capacity());
            chunk.clear().limit((int) (keep - from));
            readAt(ch, chunk, from);
            int newline = -1;
            for (int i = chunk.position() - 1; i >= 0 && newline < 0; i--) {
                if (chunk.get(i) == '\n') {
                    newline = i;
                }
            }
            if (newline >= 0) {
                return from + newline + 1;
            }
            keep = from;
        }
        return 0;
    }

    /** Fills {@code buffer} from {@code position} on; false when the file ended first. */
    private static boolean readAt(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, at);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        return true;
    }
}
