// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.velos.model.AppNames;
import dev.velos.model.LogLine;
import dev.velos.model.LogStream;

/**
 * Writes every captured line to {@code <dir>/<name>-out.log} or {@code <name>-err.log} in the
 * {@link LogFormat} (UTC timestamp with milliseconds, then the line). One platform thread does all
 * file I/O — writing, size rotation, truncation — with buffered streams kept open (never
 * open/close per line), flushing at least every 100 ms and on close. {@link #append} only
 * enqueues, so the supervisor's loop never waits on a disk; {@link #saturated()} tells it when
 * the queue holds more than {@link #SATURATION_BYTES}, so it can stop reading pipes instead of
 * letting memory grow. Files are created 0600.
 */
public final class LogFileWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogFileWriter.class.getName());
    private static final long FLUSH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Queued text beyond which {@link #saturated()} asks the producer to pause. */
    public static final long SATURATION_BYTES = 16L * 1024 * 1024;

    private sealed interface Task {
    }

    private record Write(LogLine line) implements Task {
    }

    /** Lines already in the file format (timestamp, space or '+', text, newline), written as one block. */
    private record Batch(String name, LogStream stream, byte[] bytes, int length, int lines) implements Task {
    }

    private record CloseApp(String name) implements Task {
    }

    private record Truncate(String name, CompletableFuture<Void> done) implements Task {
    }

    private record Barrier(CompletableFuture<Void> done) implements Task {
    }

    /** An open file, its size so far, and the app it belongs to. */
    private static final class OpenFile {
        final OutputStream out;
        final String name;
        long size;
        /** Lines written into the buffer since the last flush: what a failed flush loses. */
        long unflushed;

        OpenFile(OutputStream out, String name, long size) {
            this.out = out;
            this.name = name;
            this.size = size;
        }
    }

    private final Path dir;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Map<Path, OpenFile> open = new HashMap<>();
    private final Map<String, LogPolicy> policies = new ConcurrentHashMap<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private static final int POOL_SIZE = 32;
    private static final int POOLED_MIN = 16 * 1024;
    private static final int POOLED_MAX = 256 * 1024;
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> free = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger freeCount = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread thread;
    private final LogFormat.Stamper stamper = new LogFormat.Stamper();
    private final WriteErrors errors = new WriteErrors(LOG);
    private volatile boolean closed;

    public LogFileWriter(Path dir) {
        this.dir = dir;
        this.thread = Thread.ofPlatform().name("velos-log-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** The file a line of {@code name} on {@code stream} goes to. Names are validated, so they cannot leave {@code dir}. */
    public Path fileFor(String name, LogStream stream) {
        AppNames.requireValid(name);
        return dir.resolve(name + "-" + stream.shortName() + ".log");
    }

    /** Sets how {@code name}'s files rotate (takes effect at the next write). */
    public void policy(String name, LogPolicy policy) {
        policies.put(name, policy);
    }

    public LogPolicy policyOf(String name) {
        return policies.getOrDefault(name, LogPolicy.DEFAULT);
    }

    /** Queues {@code line}; never blocks. */
    public void append(LogLine line) {
        if (!closed) {
            queuedBytes.addAndGet(line.text().length() + 32L);
            queue.add(new Write(line));
        }
    }

    /**
     * Queues {@code lines} lines already in the {@link LogFormat} ({@link #formatInto}) as one block;
     * never blocks. The writer owns {@code bytes} from now on. Rotation happens between blocks, so a
     * caller keeps blocks well under the app's {@link LogPolicy#maxBytes()} ({@link #batchLimit}).
     */
    public void appendBatch(String name, LogStream stream, byte[] bytes, int length, int lines) {
        if (!closed && length > 0) {
            queuedBytes.addAndGet(length);
            queue.add(new Batch(name, stream, bytes, length, lines));
        }
    }

    /**
     * A buffer of at least {@code minBytes} for the next block, reused from blocks already written
     * when one is free: a chatty app hands over hundreds of megabytes a minute, and recycling
     * spares the heap from allocating and zeroing all of it.
     */
    public byte[] takeBuffer(int minBytes) {
        byte[] pooled = free.poll();
        if (pooled != null && pooled.length >= minBytes) {
            freeCount.decrementAndGet();
            return pooled;
        }
        if (pooled != null) {
            freeCount.decrementAndGet();
        }
        return new byte[minBytes];
    }

    private void recycle(byte[] buffer) {
        if (buffer.length >= POOLED_MIN && buffer.length <= POOLED_MAX && freeCount.get() < POOL_SIZE) {
            freeCount.incrementAndGet();
            free.offer(buffer);
        }
    }

    /** The block size a producer should hand over at: 64 KiB, or a quarter of a small rotation size. */
    public int batchLimit(String name) {
        return (int) Math.max(1024, Math.min(64 * 1024, policyOf(name).maxBytes() / 4));
    }

    /** Whether the producer should pause: more than {@link #SATURATION_BYTES} wait to be written. */
    public boolean saturated() {
        return queuedBytes.get() > SATURATION_BYTES;
    }

    /**
     * Why {@code name}'s lines are not reaching its files right now (disk full, permissions...), or
     * "" while they are. Set at the first failed write, cleared by the first successful flush.
     */
    public String writeError(String name) {
        return errors.of(name);
    }

    /** Lines written to files so far. */
    public long linesWritten() {
        return written.get();
    }

    /** Closes the files of {@code name} (after its queued lines); the files stay on disk. */
    public void closeApp(String name) {
        queue.add(new CloseApp(name));
        policies.remove(name);
    }

    /**
     * Empties {@code name}'s log files (and deletes its rotated ones) after the lines queued so
     * far, while later lines keep coming; completes when done.
     */
    public CompletableFuture<Void> truncate(String name) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Truncate(name, done));
        return done;
    }

    /** Completes once every line queued before this call is written and flushed. */
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed && !thread.isAlive()) {
            done.complete(null);
        } else {
            queue.add(new Barrier(done));
        }
        return done;
    }

    /** Waits (up to 10 s) until everything queued so far is written and flushed. */
    public void flush() {
        try {
            barrier().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.WARNING, "log flush did not complete: " + e);
        }
    }

    private void run() {
        long lastFlush = System.nanoTime();
        boolean dirty = false;
        while (!(closed && queue.isEmpty())) {
            Task task;
            try {
                task = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (task != null) {
                dirty |= handle(task);
            }
            if (dirty && (task == null || queue.isEmpty() || System.nanoTime() - lastFlush >= FLUSH_INTERVAL_NANOS)) {
                flushAll();
                dirty = false;
                lastFlush = System.nanoTime();
            }
        }
        flushAll();
        open.values().forEach(f -> closeQuietly(f.out));
        open.clear();
    }

    private boolean handle(Task task) {
        switch (task) {
            case Write w -> {
                queuedBytes.addAndGet(-(w.line().text().length() + 32L));
                write(w.line());
                return true;
            }
            case Batch b -> {
                queuedBytes.addAndGet(-b.length());
                writeBatch(b);
                return true;
            }
            case CloseApp c -> {
                closeFiles(c.name());
                return false;
            }
            case Truncate t -> {
                truncateFiles(t.name());
                t.done().complete(null);
                return false;
            }
            case Barrier b -> {
                flushAll();
                b.done().complete(null);
                return false;
            }
        }
    }

    private void write(LogLine line) {
        Path file;
        try {
            file = fileFor(line.name(), line.stream());
        } catch (RuntimeException e) {
            return; // an invalid name never reaches here (the supervisor validates), but never escape dir
        }
        byte[] text = line.text().getBytes(StandardCharsets.UTF_8);
        long length = LogFormat.TIMESTAMP_LENGTH + 1L + text.length + 1L;
        try {
            OpenFile f = open.get(file);
            if (f == null) {
                f = openFile(file, line.name());
                open.put(file, f);
            }
            LogPolicy policy = policyOf(line.name());
            if (f.size > 0 && f.size + length > policy.maxBytes()) {
                rotate(file, policy);
                f = openFile(file, line.name());
                open.put(file, f);
            }
            f.out.write(stamper.bytes(line.timestamp().toEpochMilli()));
            f.out.write(line.continued() ? '+' : ' ');
            f.out.write(text);
            f.out.write('\n');
            f.size += length;
            f.unflushed++;
            written.incrementAndGet();
        } catch (IOException e) {
            failed(line.name(), file, e, 1);
        }
    }

    /** A write to {@code file} failed: its buffered lines are dropped, reported once, and the file reopened next time. */
    private void failed(String name, Path file, IOException e, int lines) {
        OpenFile broken = open.remove(file);
        errors.failed(name, file, e, lines + (broken == null ? 0 : broken.unflushed));
        if (broken != null) {
            closeQuietly(broken.out);
        }
    }

    private void writeBatch(Batch b) {
        Path file;
        try {
            file = fileFor(b.name(), b.stream());
        } catch (RuntimeException e) {
            return;
        }
        try {
            OpenFile f = open.get(file);
            if (f == null) {
                f = openFile(file, b.name());
                open.put(file, f);
            }
            LogPolicy policy = policyOf(b.name());
            if (f.size > 0 && f.size + b.length() > policy.maxBytes()) {
                rotate(file, policy);
                f = openFile(file, b.name());
                open.put(file, f);
            }
            f.out.write(b.bytes(), 0, b.length());
            f.size += b.length();
            f.unflushed += b.lines();
            written.addAndGet(b.lines());
            recycle(b.bytes());
        } catch (IOException e) {
            failed(b.name(), file, e, b.lines());
        }
    }

    /** {@code file} becomes {@code file.1}; older ones shift up; beyond {@code retain} they are deleted. */
    private void rotate(Path file, LogPolicy policy) throws IOException {
        OpenFile current = open.remove(file);
        if (current != null) {
            current.out.close();
        }
        if (policy.retain() == 0) {
            Files.deleteIfExists(file);
            return;
        }
        Files.deleteIfExists(rotated(file, policy.retain()));
        for (int k = policy.retain() - 1; k >= 1; k--) {
            Path from = rotated(file, k);
            if (Files.exists(from)) {
                Files.move(from, rotated(file, k + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
        // Anything past retain (left from a larger earlier setting) goes too.
        for (int k = policy.retain() + 1; Files.exists(rotated(file, k)); k++) {
            Files.delete(rotated(file, k));
        }
    }

    static Path rotated(Path file, int k) {
        return file.resolveSibling(file.getFileName() + "." + k);
    }

    private void truncateFiles(String name) {
        for (LogStream stream : LogStream.values()) {
            Path file = fileFor(name, stream);
            OpenFile f = open.remove(file);
            if (f != null) {
                closeQuietly(f.out);
            }
            try {
                if (Files.exists(file)) {
                    Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING).close();
                }
                for (int k = 1; Files.exists(rotated(file, k)); k++) {
                    Files.delete(rotated(file, k));
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot truncate " + file + ": " + e.getMessage());
            }
        }
    }

    private void closeFiles(String name) {
        errors.forget(name);
        for (LogStream stream : LogStream.values()) {
            OpenFile f = open.remove(fileFor(name, stream));
            if (f != null) {
                closeQuietly(f.out);
            }
        }
    }

    private static OpenFile openFile(Path file, String name) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        dropPartialLine(file);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), 64 * 1024);
        return new OpenFile(out, name, Files.size(file));
    }

    /**
     * A write cut short (disk full, daemon killed) leaves half a line at the end of the file; the
     * rest of it is lost, so it goes, and the next line starts clean instead of gluing onto it.
     */
    private static void dropPartialLine(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long end = ch.size();
            java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(8192);
            long keep = end;
            while (keep > 0) {
                long from = Math.max(0, keep - chunk.capacity());
                chunk.clear().limit((int) (keep - from));
                ch.read(chunk, from);
                int newline = -1;
                for (int i = chunk.position() - 1; i >= 0 && newline < 0; i--) {
                    if (chunk.get(i) == '\n') {
                        newline = i;
                    }
                }
                if (newline >= 0) {
                    keep = from + newline + 1;
                    break;
                }
                keep = from;
            }
            if (keep < end) {
                ch.truncate(keep);
            }
        }
    }

    private void flushAll() {
        for (var entry : java.util.List.copyOf(open.entrySet())) {
            try {
                entry.getValue().out.flush();
                entry.getValue().unflushed = 0;
                errors.succeeded(entry.getKey());
            } catch (IOException e) {
                failed(entry.getValue().name, entry.getKey(), e, 0);
            }
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a log file", e);
        }
    }

    /** Writes what is queued, flushes, closes every file and stops the thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Barrier(new CompletableFuture<>()));
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
