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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.velos.model.LogRotation;
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
    /**
     * Queued text beyond which a block is dropped (and counted) instead of queued: a producer that
     * keeps going past {@link #saturated()} is never blocked, and memory stays bounded.
     */
    public static final long DROP_BYTES = 4 * SATURATION_BYTES;

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

    /** Time rotation and age retention for files nobody writes to now ({@link #maintain}). */
    private record Maintain(CompletableFuture<Void> done) implements Task {
    }

    /** Lines of one stream in the text format to append to a file; they go back to {@link #takeBuffer}'s pool once written. */
    private record Block(LogStream stream, byte[] bytes, int length, int lines) {
    }

    /** Lines dropped for one app because the writer was too far behind: since the start, and not yet noted in its files. */
    private record Drops(AtomicLong total, java.util.concurrent.atomic.AtomicLongArray unnoted) {
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
    private final java.time.Clock clock;
    private final RotatedFiles rotations;
    private final long dropBytes;
    private final Map<String, Drops> drops = new ConcurrentHashMap<>();
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
        this(dir, maxOpenFiles, onDeath, java.time.Clock.systemDefaultZone(), DROP_BYTES);
    }

    /**
     * As {@link #LogFileWriter(Path, int, java.util.function.Consumer)}, with the clock that decides
     * time rotation (local hours and days in its zone) and age retention, and the queued bytes past
     * which blocks are dropped (counted) rather than queued.
     */
    LogFileWriter(Path dir, int maxOpenFiles, java.util.function.Consumer<Throwable> onDeath, java.time.Clock clock,
                  long dropBytes) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.rotations = new RotatedFiles(clock);
        this.dropBytes = dropBytes;
        if (maxOpenFiles < 2) {
            throw new IllegalArgumentException("maxOpenFiles must be >= 2, got " + maxOpenFiles);
        }
        this.dir = dir;
        this.maxOpenFiles = maxOpenFiles;
        this.onDeath = java.util.Objects.requireNonNull(onDeath, "onDeath");
        this.thread = Thread.ofPlatform().name("velos-log-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * The file a line of {@code name} on {@code stream} goes to under its policy ({@link LogFiles}),
     * empty when the stream is discarded. Names are validated, so default files cannot leave {@code dir}.
     */
    public Optional<Path> fileFor(String name, LogStream stream) {
        return LogFiles.target(dir, name, stream, policyOf(name));
    }

    /** The files of {@code name}'s {@code stream} that an older velos wrote under another name (read, never written). */
    Optional<Path> legacyFileFor(String name, LogStream stream) {
        return LogFiles.legacy(dir, name, stream).filter(old -> !fileFor(name, stream).equals(Optional.of(old)));
    }

    /** Lines of {@code name} dropped since the writer started because it could not keep up. */
    public long droppedLines(String name) {
        Drops d = drops.get(name);
        return d == null ? 0 : d.total().get();
    }

    /** Completes once the compressions and expiries asked for so far are done (they run in the background). */
    public CompletableFuture<Void> rotationsIdle() {
        return rotations.idle();
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
            if (queuedBytes.get() + length > dropBytes) {
                // Never block the producer (the supervisor's loop): count what is lost, say it in the file later.
                Drops d = drops.computeIfAbsent(name, n -> new Drops(new AtomicLong(), new java.util.concurrent.atomic.AtomicLongArray(2)));
                d.total().addAndGet(lines);
                d.unnoted().addAndGet(stream.code(), lines);
                return;
            }
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
                case Maintain m -> m.done().completeExceptionally(dead);
                default -> { }
            }
        }
    }

    private void drainUntilClosed() {
        List<Task> tasks = new ArrayList<>();
        while (!(closed && queue.isEmpty())) {
            Task first;
            try {
                // Blocks until there is work: an idle daemon's writer never wakes (close() queues a
                // barrier after setting closed, so the end is work too).
                first = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            tasks.add(first);
            queue.drainTo(tasks, MAX_DRAIN);
            process(tasks);
            tasks.clear();
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
                    add(runs, b.name(), new Block(b.stream(), b.bytes(), b.length(), b.lines()));
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
                case Maintain m -> {
                    writeRuns(runs);
                    maintainFiles();
                    m.done().complete(null);
                }
            }
        }
        writeRuns(runs);
    }

    private void add(Map<Path, Run> runs, String name, Block block) {
        Optional<Path> file;
        try {
            file = fileFor(name, block.stream());
        } catch (RuntimeException e) {
            recycle(block.bytes());
            return; // an invalid name never reaches here (the supervisor validates), but never escape dir
        }
        if (file.isEmpty()) {
            recycle(block.bytes()); // discarded ("/dev/null"): nothing is written
            return;
        }
        runs.computeIfAbsent(file.get(), f -> new Run(name, new ArrayList<>(2))).blocks().add(block);
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
            LogFile f = openFor(file, run.name(), policy);
            if (policy.rotate() != LogRotation.NONE && f.size > 0
                    && policy.rotate().periodOf(clock.instant(), clock.getZone()) != f.period) {
                rotate(file, policy); // a new local hour or day: the lines of the last one keep their file
                f = openFor(file, run.name(), policy);
            }
            buffer.clear();
            noteDrops(run);
            for (; next < run.blocks().size(); next++) {
                Block b = run.blocks().get(next);
                byte[] bytes = b.bytes();
                int length = b.length();
                if (policy.reencodes()) {
                    bytes = LogFormat.reencode(bytes, length, b.stream(), policy);
                    length = bytes.length;
                }
                long pending = buffer.position();
                if (f.size + pending > 0 && f.size + pending + length > policy.maxBytes()) {
                    drain(f);
                    lines = 0;
                    rotate(file, policy);
                    f = openFor(file, run.name(), policy);
                }
                for (int off = 0; off < length; ) {
                    if (!buffer.hasRemaining()) {
                        drain(f);
                        lines = 0;
                    }
                    int n = Math.min(buffer.remaining(), length - off);
                    buffer.put(bytes, off, n);
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
            run.blocks().forEach(b -> recycle(b.bytes()));
        }
    }

    /**
     * Rotation by time and expiry by age otherwise happen when a file is written: an app that
     * went quiet would keep yesterday's lines in today's file, and old rotations past
     * {@code log_retain_days} on disk. This pass, asked for by the owner's periodic tick, rotates
     * every file of a time-rotated app whose period is over and asks for an expiry pass of the
     * others; the gzip and delete work runs on the compression thread as after any rotation.
     */
    private void maintainFiles() {
        long now = clock.millis();
        for (Map.Entry<String, LogPolicy> e : policies.entrySet()) {
            LogPolicy policy = e.getValue();
            if (policy.rotate() == LogRotation.NONE && policy.retainDays() == 0) {
                continue;
            }
            java.util.Set<Path> files = new java.util.LinkedHashSet<>();
            for (LogStream stream : LogStream.values()) {
                fileFor(e.getKey(), stream).ifPresent(files::add);
            }
            for (Path file : files) {
                try {
                    if (policy.rotate() != LogRotation.NONE && periodOver(file, policy, now)) {
                        rotate(file, policy);
                    } else {
                        rotations.schedule(file, policy);
                    }
                } catch (IOException ex) {
                    LOG.log(Level.WARNING, "cannot rotate " + file + " by time: " + ex.getMessage());
                }
            }
        }
    }

    /** Whether {@code file} holds lines of a local hour or day that is over (the period of an open file, else of its last write). */
    private boolean periodOver(Path file, LogPolicy policy, long now) throws IOException {
        LogFile f = open.get(file);
        long size = f != null ? f.size : Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
        if (size == 0) {
            return false;
        }
        long period = f != null ? f.period
                : policy.rotate().periodOf(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant(), clock.getZone());
        return period != policy.rotate().periodOf(java.time.Instant.ofEpochMilli(now), clock.getZone());
    }

    /**
     * Rotates by time the files of apps whose period is over, and expires their old rotations,
     * after what is queued; completes when done. Cheap when no app sets {@code log_rotate} or
     * {@code log_retain_days}.
     */
    public CompletableFuture<Void> maintain() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed || death != null) {
            done.complete(null);
            return done;
        }
        queue.add(new Maintain(done));
        return done;
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

    /**
     * Puts first in {@code run} a line per stream saying how many lines of its app were dropped
     * since the last such line, so whoever reads the file knows it has a hole.
     */
    private void noteDrops(Run run) {
        Drops d = drops.get(run.name());
        if (d == null) {
            return;
        }
        for (LogStream stream : LogStream.values()) {
            boolean inRun = run.blocks().stream().anyMatch(b -> b.stream() == stream);
            long n = inRun ? d.unnoted().getAndSet(stream.code(), 0) : 0;
            if (n > 0) {
                LineBlock note = new LineBlock(128);
                byte[] text = ("[velos] " + n + " line(s) dropped: the log writer could not keep up")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                note.append(LogFormat.timestamp(clock.millis()).getBytes(java.nio.charset.StandardCharsets.US_ASCII), false,
                        text, 0, text.length);
                run.blocks().addFirst(new Block(stream, note.bytes, note.length, 0));
            }
        }
    }

    /** The open file for {@code file}, opening it (and closing the least recently written one past the budget). */
    private LogFile openFor(Path file, String name, LogPolicy policy) throws IOException {
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
        if (policy.rotate() != LogRotation.NONE) {
            // The period of its first line is not stored: a file written before is taken to be of its last write's.
            java.time.Instant since = f.size > 0 ? Files.getLastModifiedTime(file).toInstant() : clock.instant();
            f.period = policy.rotate().periodOf(since, clock.getZone());
        }
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
        rotations.renaming(() -> {
            Files.deleteIfExists(rotated(file, policy.retain()));
            Files.deleteIfExists(LogFiles.compressed(file, policy.retain()));
            for (int k = policy.retain() - 1; k >= 1; k--) {
                shift(rotated(file, k), rotated(file, k + 1));
                shift(LogFiles.compressed(file, k), LogFiles.compressed(file, k + 1));
            }
            Files.move(file, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
            // Anything past retain (left from a larger earlier setting) goes too.
            for (int k = policy.retain() + 1; LogFiles.rotationExists(file, k); k++) {
                Files.deleteIfExists(rotated(file, k));
                Files.deleteIfExists(LogFiles.compressed(file, k));
            }
        });
        rotations.schedule(file, policy);
    }

    private static void shift(Path from, Path to) throws IOException {
        if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Path rotated(Path file, int k) {
        return LogFiles.rotated(file, k);
    }

    private void truncateFiles(String name) {
        java.util.Set<Path> files = new java.util.LinkedHashSet<>();
        for (LogStream stream : LogStream.values()) {
            fileFor(name, stream).ifPresent(files::add);
            legacyFileFor(name, stream).ifPresent(files::add);
        }
        for (Path file : files) {
            LogFile f = open.remove(file);
            if (f != null) {
                closeQuietly(f);
            }
            try {
                LogFile.truncate(file);
                rotations.renaming(() -> {
                    for (int k = 1; LogFiles.rotationExists(file, k); k++) {
                        Files.deleteIfExists(rotated(file, k));
                        Files.deleteIfExists(LogFiles.compressed(file, k));
                    }
                });
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot truncate " + file + ": " + e.getMessage());
            }
        }
    }

    private void closeFiles(String name) {
        errors.forget(name);
        // By the name each file was opened for: the policy (and so the paths) may already be gone.
        for (Iterator<LogFile> it = open.values().iterator(); it.hasNext(); ) {
            LogFile f = it.next();
            if (f.name.equals(name)) {
                closeQuietly(f);
                it.remove();
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
        rotations.close();
    }
}
