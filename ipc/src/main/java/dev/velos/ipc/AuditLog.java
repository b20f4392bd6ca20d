// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * The audit trail of a runtime directory: {@value #FILE_NAME}, one {@link AuditRecord} per line,
 * {@code 0600}, appended by every process that changes state on a user's behalf (the daemon for
 * CLI requests, {@code velos api}, {@code velos mcp-server}) and read by {@code velos audit} and
 * the MCP {@code audit_read} tool. It is the one owner of the file's format and rotation.
 *
 * <p>Rotation is by size, like app logs: when a record would take the file past
 * {@code maxBytes}, it becomes {@code audit.log.1} (the older ones shift up, the oldest beyond
 * {@code retain} is deleted). Writers from several processes take {@code audit.lock} around the
 * size check, the rotation and the append, so no record lands in a file being renamed and no two
 * writers rotate at once. Each append opens the file, writes one line in one {@code write}, and
 * closes it: state changes are rare, and a file never held open follows rotation for free. Files
 * are opened with {@code O_NOFOLLOW}, so a planted link is refused, never written through.
 */
public final class AuditLog {
    public static final String FILE_NAME = "audit.log";
    public static final long DEFAULT_MAX_BYTES = 10L << 20;
    public static final int DEFAULT_RETAIN = 5;
    private static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path home;
    private final Path file;
    private final long maxBytes;
    private final int retain;

    AuditLog(Path home, long maxBytes, int retain) {
        this.home = home;
        this.file = home.resolve(FILE_NAME);
        this.maxBytes = maxBytes;
        this.retain = retain;
    }

    /** The trail of runtime directory {@code home}, rotated at 10 MiB, keeping 5 old files. */
    public static AuditLog in(Path home) {
        return new AuditLog(home, DEFAULT_MAX_BYTES, DEFAULT_RETAIN);
    }

    public Path file() {
        return file;
    }

    /** Appends {@code record} as one line; throws {@link VelosException} (SYSTEM) when it cannot. */
    public void append(AuditRecord record) {
        byte[] line = (JsonText.write(record.toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileLock lock = FileLock.take(home.resolve("audit.lock"))) {
            long size = sizeOf(file);
            if (size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new VelosException(ErrorCode.SYSTEM, "cannot append to the audit trail " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest {@code query.limit()} records that match, oldest first, read from the rotated
     * files and then the current one. Files entirely older than {@code sinceMs} are skipped, and
     * only {@code limit} records are held at a time. A line that is not a record (a crash
     * mid-write, a hand edit) is skipped.
     */
    public List<AuditRecord> read(AuditQuery query) {
        Deque<AuditRecord> newest = new ArrayDeque<>();
        for (int k = retain; k >= 0; k--) {
            Path part = k == 0 ? file : rotated(k);
            try {
                if (k > 0 && query.sinceMs() > 0
                        && Files.getLastModifiedTime(part, LinkOption.NOFOLLOW_LINKS).toMillis() < query.sinceMs()) {
                    continue;
                }
                readPart(part, query, newest);
            } catch (NoSuchFileException e) {
                // Not rotated that far yet, or no record at all yet.
            } catch (IOException e) {
                throw new VelosException(ErrorCode.SYSTEM, "cannot read the audit trail " + part + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(new ArrayList<>(newest));
    }

    private void readPart(Path part, AuditQuery query, Deque<AuditRecord> newest) throws IOException {
        try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             BufferedReader lines = new BufferedReader(Channels.newReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                AuditRecord r;
                try {
                    r = AuditRecord.fromJson(line);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (query.matches(r)) {
                    newest.addLast(r);
                    if (newest.size() > query.limit()) {
                        newest.removeFirst();
                    }
                }
            }
        }
    }

    private void rotate() throws IOException {
        Files.deleteIfExists(rotated(retain));
        for (int k = retain - 1; k >= 1; k--) {
            if (Files.exists(rotated(k), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(rotated(k), rotated(k + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path rotated(int k) {
        return file.resolveSibling(FILE_NAME + "." + k);
    }

    private static long sizeOf(Path p) throws IOException {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
