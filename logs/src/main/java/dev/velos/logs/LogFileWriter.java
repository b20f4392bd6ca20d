// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.velos.model.AppNames;
import dev.velos.model.LogStream;

/**
 * Writes every captured line to {@code <dir>/<name>-out.log} or {@code <name>-err.log} in the
 * {@link LogFormat} (UTC timestamp with milliseconds, then the line). One platform thread does all
 * file I/O — writing, size rotation, truncation — with files kept open (never open/close per
 * line). {@link #appendBatch} only enqueues, so the supervisor's loop never waits on a disk;
 * {@link #saturated()} tells it when the queue holds more than {@link #SATURATION_BYTES}, so it
 * can stop reading pipes instead of letting memory grow. Files are created 0600, never through a
 * symbolic link ({@link LogFile}).
 *
 * <p>Memory does not grow with the number of files (issue 14.8). There is one write buffer, on the
 * writer thread: each time the thread wakes it drains the queue, gathers each file's blocks in
 * order and writes them through that buffer, one file after the other — so a file is written
 * within one wake-up of its lines being queued (well inside the 100 ms the design asks), a file
 * written often gets one write call per wake-up however many blocks it had, and an open file
 * holds no buffer at all. Past {@link #DEFAULT_MAX_OPEN_FILES} open files the least recently
 * written one is closed, and reopened when it is written again.
 */
public final class LogFileWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogFileWriter.class.getName());
    /** Queued text beyond which {@link #saturated()} asks the producer to pause. */
    public static final long SATURATION_BYTES = 16L * 1024 * 1024;

    private sealed interface Task {
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

    /** Closes every open file after what was queued before it; the next line of each reopens it by name. */
    private record ReopenAll(CompletableFuture<Void> done) implements Task {
    }

    /** Bytes to append to a file; {@code pooled} ones go back to {@link #takeBuffer}'s pool once written. */
    private record Block(byte[] bytes, int length, int lines, boolean pooled) {
    }

    /** The blocks of one file within one drain of the queue, in their order. */
    private record Run(String name, List<Block> blocks) {
        long lines() {
            long n = 0;
            for (Block b : blocks) {
                n += b.lines();
            }
            return n;
        }
    }

    /** Files kept open at most by default: every app's two streams up to 2,048 apps, see {@link #LogFileWriter(Path, int)}. */
    public static final int DEFAULT_MAX_OPEN_FILES = 4096;
    /** The one write buffer, shared by every file in turn. */
    private static final int BUFFER_BYTES = 256 * 1024;
    /** Tasks taken from the queue at once: enough to gather many blocks per file under load. */
    private static final int MAX_DRAIN = 4096;
    private static final int POOL_SIZE = 32;
    private static final int POOLED_MIN = 16 * 1024;
    private static final int POOLED_MAX = 256 * 1024;

    private final Path dir;
    private final int maxOpenFiles;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    /** Open files, least recently written first (access order): the first is closed when the budget is reached. */
    private final Map<Path, LogFile> open = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, LogPolicy> policies = new ConcurrentHashMap<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    /** Direct, so the channel writes from it without the JDK copying into a temporary native buffer. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final Thread thread;
    private final WriteErrors errors = new WriteErrors(LOG);
    private final java.util.function.Consumer<Throwable> onDeath;
    private volatile boolean closed;
    /** Set when the writer thread died; from then on barriers fail at once instead of waiting for it. */
    private volatile Throwable death;

    /** A writer into {@code dir} with at most {@link #DEFAULT_MAX_OPEN_FILES} files open. */
    public LogFileWriter(Path dir) {
        this(dir, DEFAULT_MAX_OPEN_FILES);
    }

    /**
     * A writer into {@code dir} that keeps at most {@code maxOpenFiles} files open: past that, the
     * least recently written file is closed and reopened when its app writes again (a reopen costs
     * an {@code open}, an {@code fstat} and a one-byte read). 10,000 apps have 20,000 log files,
     * more than a default descriptor limit allows next to their pipes.
     */
    public LogFileWriter(Path dir, int maxOpenFiles) {
        this(dir, maxOpenFiles, cause -> LOG.log(Level.ERROR, "the log writer thread died; no more lines are written", cause));
    }

    /**
     * As {@link #LogFileWriter(Path, int)}, with {@code onDeath} called (on the dying writer thread)
     * if the writer thread ends other than through {@link #close()} — an Error such as
     * OutOfMemoryError, or a bug. Lines queued after that are never written and barriers fail at
     * once, so an owner for whom logs matter (the daemon) treats it as fatal (DESIGN "Fatal errors").
     */
    public LogFileWriter(Path dir, int maxOpenFiles, java.util.function.Consumer<Throwable> onDeath) {
        if (maxOpenFiles < 2) {
            throw new IllegalArgumentException("maxOpenFiles must be >= 2, got " + maxOpenFiles);
        }
        this.dir = dir;
        this.maxOpenFiles = maxOpenFiles;
        this.onDeath = java.util.Objects.requireNonNull(onDeath, "onDeath");
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

    /**
     * Queues {@code lines} lines already in the {@link LogFormat} (as {@link LogStore} stages them) as one block;
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

    private void recycle(byte[] block) {
        if (block.length >= POOLED_MIN && block.length <= POOLED_MAX && freeCount.get() < POOL_SIZE) {
            freeCount.incrementAndGet();
            free.offer(block);
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

    /** Completes once every line queued before this call is written and flushed; fails at once if the writer died. */
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed && !thread.isAlive()) {
            done.complete(null);
        } else if (death != null) {
            done.completeExceptionally(new IllegalStateException("the log writer thread died", death));
        } else {
            queue.add(new Barrier(done));
            if (death != null) {
                failWaiters(death); // it died while this was being queued
            }
        }
        return done;
    }

    /**
     * Closes every open log file once the lines queued so far are written; each file is opened
     * again, by its name, at its next line. What logrotate's {@code postrotate} (SIGHUP to the
     * daemon) needs after it renamed the files away: new lines go to new files at the original
     * paths instead of following the renamed ones. Completes when the files are closed.
     */
    public CompletableFuture<Void> reopenAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new ReopenAll(done));
        return done;
    }

    /** Waits (up to 10 s) until everything queued so far is written and flushed. */
    public void flush() {
        try {
            barrier().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "log flush did not complete: " + e);
        }
    }

    private void run() {
        try {
            drainUntilClosed();
        } catch (Throwable t) {
            // Anything escaping here ends the only thread that writes logs: say so to the owner.
            death = t;
            failWaiters(t);
            if (!closed) {
                onDeath.accept(t);
            }
            throw t;
        }
    }

    /** Fails every barrier, truncate and reopen still queued: nobody will ever run them. */
    private void failWaiters(Throwable cause) {
        IllegalStateException dead = new IllegalStateException("the log writer thread died", cause);
        for (Task task; (task = queue.poll()) != null; ) {
            switch (task) {
                case Barrier b -> b.done().completeExceptionally(dead);
                case Truncate t -> t.done().completeExceptionally(dead);
                case ReopenAll r -> r.done().completeExceptionally(dead);
                default -> { }
            }
        }
    }

    private void drainUntilClosed() {
        List<Task> tasks = new ArrayList<>();
        while (!(closed && queue.isEmpty())) {
            Task first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first != null) {
                tasks.add(first);
                queue.drainTo(tasks, MAX_DRAIN);
                process(tasks);
                tasks.clear();
            }
        }
        open.values().forEach(LogFileWriter::closeQuietly);
        open.clear();
    }

    /**
     * Handles one drain of the queue: the lines of each file, in their order, go out together
     * through the shared buffer (one write per file and 256 KiB rather than one per block); a
     * control task is a fence — what was queued before it is written before it acts.
     */
    private void process(List<Task> tasks) {
        Map<Path, Run> runs = new LinkedHashMap<>();
        for (Task task : tasks) {
            switch (task) {
                case Batch b -> {
                    queuedBytes.addAndGet(-b.length());
                    add(runs, b.name(), b.stream(), new Block(b.bytes(), b.length(), b.lines(), true));
                }
                case CloseApp c -> {
                    writeRuns(runs);
                    closeFiles(c.name());
                }
                case Truncate t -> {
                    writeRuns(runs);
                    truncateFiles(t.name());
                    t.done().complete(null);
                }
                case Barrier b -> {
                    writeRuns(runs);
                    b.done().complete(null);
                }
                case ReopenAll r -> {
                    writeRuns(runs);
                    open.values().forEach(LogFileWriter::closeQuietly);
                    open.clear();
                    r.done().complete(null);
                }
            }
        }
        writeRuns(runs);
    }

    private void add(Map<Path, Run> runs, String name, LogStream stream, Block block) {
        Path file;
        try {
            file = fileFor(name, stream);
        } catch (RuntimeException e) {
            return; // an invalid name never reaches here (the supervisor validates), but never escape dir
        }
        runs.computeIfAbsent(file, f -> new Run(name, new ArrayList<>(2))).blocks().add(block);
    }

    private void writeRuns(Map<Path, Run> runs) {
        for (Map.Entry<Path, Run> run : runs.entrySet()) {
            writeRun(run.getKey(), run.getValue());
        }
        runs.clear();
    }

    /**
     * Writes the blocks of one file through the shared buffer, rotating between blocks when the
     * next would take the file past its size. A failure drops what was not written yet (counted in
     * {@link WriteErrors}) and closes the file; the next block reopens it.
     */
    private void writeRun(Path file, Run run) {
        LogPolicy policy = policyOf(run.name());
        long lines = 0;
        int next = 0;
        try {
            LogFile f = openFor(file, run.name());
            buffer.clear();
            for (; next < run.blocks().size(); next++) {
                Block b = run.blocks().get(next);
                long pending = buffer.position();
                if (f.size + pending > 0 && f.size + pending + b.length() > policy.maxBytes()) {
                    drain(f);
                    lines = 0;
                    rotate(file, policy);
                    f = openFor(file, run.name());
                }
                for (int off = 0; off < b.length(); ) {
                    if (!buffer.hasRemaining()) {
                        drain(f);
                        lines = 0;
                    }
                    int n = Math.min(buffer.remaining(), b.length() - off);
                    buffer.put(b.bytes(), off, n);
                    off += n;
                }
                lines += b.lines();
            }
            drain(f);
            written.addAndGet(run.lines());
            errors.succeeded(file);
        } catch (IOException e) {
            long dropped = lines;
            for (int k = next; k < run.blocks().size(); k++) {
                dropped += run.blocks().get(k).lines();
            }
            written.addAndGet(run.lines() - dropped);
            failed(run.name(), file, e, dropped);
        } finally {
            buffer.clear();
            run.blocks().forEach(b -> {
                if (b.pooled()) {
                    recycle(b.bytes());
                }
            });
        }
    }

    /** Writes out what the shared buffer holds for {@code f}. */
    private void drain(LogFile f) throws IOException {
        buffer.flip();
        try {
            f.write(buffer);
        } finally {
            buffer.clear();
        }
    }

    /** The open file for {@code file}, opening it (and closing the least recently written one past the budget). */
    private LogFile openFor(Path file, String name) throws IOException {
        LogFile f = open.get(file);
        if (f != null) {
            return f;
        }
        if (open.size() >= maxOpenFiles) {
            Iterator<LogFile> eldest = open.values().iterator();
            closeQuietly(eldest.next());
            eldest.remove();
        }
        f = LogFile.open(file, name);
        open.put(file, f);
        return f;
    }

    /** A write to {@code file} failed: reported once (with the lines lost), and the file reopened next time. */
    private void failed(String name, Path file, IOException e, long lines) {
        LogFile broken = open.remove(file);
        errors.failed(name, file, e, lines);
        if (broken != null) {
            closeQuietly(broken);
        }
    }

    /**
     * {@code file} becomes {@code file.1}; older ones shift up; beyond {@code retain} they are
     * deleted. Renames and deletes act on names, never through links: {@code rename(2)} replaces a
     * link at the target name rather than following it, and a link among the rotated names is just
     * deleted or moved like a file.
     */
    private void rotate(Path file, LogPolicy policy) throws IOException {
        LogFile current = open.remove(file);
        if (current != null) {
            current.close();
        }
        if (policy.retain() == 0) {
            Files.deleteIfExists(file);
            return;
        }
        Files.deleteIfExists(rotated(file, policy.retain()));
        for (int k = policy.retain() - 1; k >= 1; k--) {
            Path from = rotated(file, k);
            if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(from, rotated(file, k + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
        // Anything past retain (left from a larger earlier setting) goes too.
        for (int k = policy.retain() + 1; Files.exists(rotated(file, k), LinkOption.NOFOLLOW_LINKS); k++) {
            Files.delete(rotated(file, k));
        }
    }

    static Path rotated(Path file, int k) {
        return file.resolveSibling(file.getFileName() + "." + k);
    }

    private void truncateFiles(String name) {
        for (LogStream stream : LogStream.values()) {
            Path file = fileFor(name, stream);
            LogFile f = open.remove(file);
            if (f != null) {
                closeQuietly(f);
            }
            try {
                LogFile.truncate(file);
                for (int k = 1; Files.exists(rotated(file, k), LinkOption.NOFOLLOW_LINKS); k++) {
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
            LogFile f = open.remove(fileFor(name, stream));
            if (f != null) {
                closeQuietly(f);
            }
        }
    }

    private static void closeQuietly(LogFile f) {
        try {
            f.close();
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
