// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import dev.velos.model.LogFileFormat;

/**
 * The lines of a log file and then of its rotations ({@code .1}, {@code .2}, …), newest first,
 * pulled one at a time: the cursor form of {@link LogFileReader#newestFirst}, for a reader that
 * merges several files by time (a reply built from an app's two streams, or from many apps) and
 * so must take the next line from whichever file holds the newest. It holds one block (64 KiB by
 * default) and the line being assembled, however many lines are read. A last line still being written (no
 * newline yet) is left out; missing files read as empty; a link is refused; the lines stop at the
 * first one older than {@code sinceMs} (0 = no bound; lines without a timestamp never stop it).
 * Not thread-safe; close it to release the open file.
 */
public final class NewestFirstLines implements AutoCloseable {
    /** The block read at once by default: a whole 64 KiB pipe's worth of lines. */
    public static final int DEFAULT_BLOCK = 64 * 1024;
    private static final int MIN_BLOCK = 4096;
    private static final byte[] EMPTY = new byte[0];

    private final Path file;
    private final long sinceMs;
    private final int blockBytes;
    private final LogFileFormat format;
    private final boolean merged;
    /** A compressed rotation inflated to read it backwards; deleted when its part is done. */
    private Path inflated;
    private int part = -1;
    private FileChannel channel;
    /** Where the next block (going backwards) ends. */
    private long position;
    private ByteBuffer block;
    /** Bytes of the current block not yet scanned are {@code [0, scan)}; the pending line ends at {@code end}. */
    private int scan;
    private int end;
    /** The start of a line split across blocks: what came after the current block. */
    private byte[] carry = EMPTY;
    /** True until the file's last newline is met: what follows it is empty or a line still being written. */
    private boolean beforeLastNewline;
    private boolean done;

    private NewestFirstLines(Path file, long sinceMs, int blockBytes, LogFileFormat format, boolean merged) {
        this.file = file;
        this.sinceMs = sinceMs;
        this.blockBytes = Math.max(MIN_BLOCK, blockBytes);
        this.format = format;
        this.merged = merged;
    }

    /** A cursor at the newest line of {@code file}, reading {@link #DEFAULT_BLOCK} at a time. */
    public static NewestFirstLines open(Path file, long sinceMs) {
        return new NewestFirstLines(file, sinceMs, DEFAULT_BLOCK, LogFileFormat.TEXT, false);
    }

    /**
     * As {@link #open(Path, long)} with blocks of {@code blockBytes} (at least 4 KiB): a reader that
     * merges thousands of files at once keeps their blocks small, so its memory stays bounded.
     */
    public static NewestFirstLines open(Path file, long sinceMs, int blockBytes) {
        return new NewestFirstLines(file, sinceMs, blockBytes, LogFileFormat.TEXT, false);
    }

    /** As {@link #open(Path, long, int)} for a file written as {@code format}, both streams in it when {@code merged}. */
    static NewestFirstLines open(Path file, long sinceMs, int blockBytes, LogFileFormat format, boolean merged) {
        return new NewestFirstLines(file, sinceMs, blockBytes, format, merged);
    }

    /**
     * The next line, older than the one before; empty once every file is read or a line older
     * than {@code sinceMs} was met.
     *
     * @throws UncheckedIOException when a file cannot be read
     */
    public Optional<LogFormat.FileLine> next() {
        try {
            while (!done) {
                if (channel == null && !openNextPart()) {
                    done = true;
                    break;
                }
                byte[] bytes = block.array();
                while (scan > 0) {
                    int i = --scan;
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    byte[] line = concat(bytes, i + 1, end, carry);
                    carry = EMPTY;
                    end = i;
                    if (beforeLastNewline) {
                        beforeLastNewline = false;
                        continue;
                    }
                    return emit(line);
                }
                carry = concat(bytes, 0, end, carry);
                if (position > 0) {
                    readBlock();
                    continue;
                }
                // The start of this file: what is left is its first line (unless it never had a newline).
                byte[] first = carry;
                boolean partial = beforeLastNewline;
                closePart();
                if (!partial && first.length > 0) {
                    return emit(first);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read " + currentPath() + ": " + e.getMessage(), e);
        }
    }

    private Optional<LogFormat.FileLine> emit(byte[] raw) {
        LogFormat.FileLine line = LogFormat.parse(new String(raw, StandardCharsets.UTF_8), format, merged);
        if (sinceMs > 0 && line.timestampMs() > 0 && line.timestampMs() < sinceMs) {
            close();
            return Optional.empty();
        }
        return Optional.of(line);
    }

    /** Opens the next file of the chain; false when there is none. */
    private boolean openNextPart() throws IOException {
        while (true) {
            part++;
            Path path = currentPath();
            if (part > 0 && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                Path gz = LogFiles.compressed(file, part);
                if (!Files.exists(gz, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                path = inflate(gz);
            }
            try {
                channel = LogFile.openToRead(path);
            } catch (NoSuchFileException e) {
                Path gz = LogFiles.compressed(file, part);
                if (part == 0 || !Files.exists(gz, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // the live file may be missing while rotations exist
                }
                channel = LogFile.openToRead(inflate(gz)); // compressed between the look and the open
            }
            position = channel.size();
            if (block == null) {
                block = ByteBuffer.allocate((int) Math.min(blockBytes, Math.max(1, position)));
            } else if (block.capacity() < blockBytes && position > block.capacity()) {
                block = ByteBuffer.allocate((int) Math.min(blockBytes, position));
            }
            carry = EMPTY;
            scan = 0;
            end = 0;
            beforeLastNewline = true;
            if (position > 0) {
                readBlock();
            }
            return true;
        }
    }

    /**
     * A compressed rotation, inflated into a private temporary file: gzip reads only forwards, and
     * this reader goes backwards holding one block, so the whole of it never sits in the heap.
     */
    private Path inflate(Path gz) throws IOException {
        inflated = Files.createTempFile("velos-log-", ".inflated"); // 0600 on POSIX
        try (FileChannel in = LogFile.openToRead(gz);
             java.io.InputStream src = new java.util.zip.GZIPInputStream(java.nio.channels.Channels.newInputStream(in), 64 * 1024);
             java.io.OutputStream out = Files.newOutputStream(inflated)) {
            src.transferTo(out);
        } catch (IOException e) {
            deleteInflated();
            throw e;
        }
        return inflated;
    }

    private void deleteInflated() {
        if (inflated != null) {
            try {
                Files.deleteIfExists(inflated);
            } catch (IOException e) {
                // A temporary file in the temp directory: nothing else depends on it.
            }
            inflated = null;
        }
    }

    private void readBlock() throws IOException {
        int len = (int) Math.min(block.capacity(), position);
        position -= len;
        block.clear().limit(len);
        while (block.hasRemaining()) {
            if (channel.read(block, position + block.position()) < 0) {
                break;
            }
        }
        scan = len;
        end = len;
    }

    private Path currentPath() {
        return part <= 0 ? file : LogFileWriter.rotated(file, part);
    }

    private void closePart() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // A read-only channel: nothing was written that a failed close could lose.
            }
            channel = null;
        }
        deleteInflated();
        carry = EMPTY;
    }

    private static byte[] concat(byte[] block, int from, int to, byte[] tail) {
        if (tail.length == 0) {
            return Arrays.copyOfRange(block, from, to);
        }
        byte[] out = new byte[to - from + tail.length];
        System.arraycopy(block, from, out, 0, to - from);
        System.arraycopy(tail, 0, out, to - from, tail.length);
        return out;
    }

    /** Stops the cursor and closes its file; later {@link #next()} calls return empty. */
    @Override
    public void close() {
        done = true;
        closePart();
    }
}
