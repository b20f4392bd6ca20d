// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.velos.model.LogStream;

/**
 * The one owner of the log path: captured output goes in (staged, sequenced, handed to the
 * {@link LogFileWriter}), and comes back out of the files (read newest first, in pages) or live
 * (followed). Reads come from the files, so any number of lines and any time range survive daemon
 * restarts and rotations. Every line handed out carries its level ({@link StoredLine#level()}).
 *
 * <p>The hot path allocates nothing per line: each line is copied from the caller's read buffer
 * straight into the one staging buffer, already in the file format, and a full buffer, the end of
 * a read burst or a change of app or stream hands it to the writer thread as one block. A burst is
 * one pipe, so one buffer serves every app: staging memory does not grow with the number of apps
 * (issue 14.8). Only a line that a follower is waiting for is decoded into a String.
 *
 * <p>Every buffer is bounded in bytes: a follower's queue holds at most {@link #FOLLOWER_BYTES}
 * (then lines are dropped for it and a gap line tells its client how many); reads and summaries
 * stream from the files ({@link NewestFirstMerge}), a read in pages of about {@link #PAGE_BYTES}.
 *
 * <p>Followers get every line after the history they were sent, exactly once: each line gets a
 * sequence number under the lock that also guards staging, so a follower can stage everything,
 * ask the writer for a barrier at sequence S, read the files (which then hold every line up to S)
 * and skip queued lines numbered S or less. The writer goes on meanwhile, so the files read may
 * also hold some lines numbered after S: those are recognised by their place (timestamp and
 * ordinal, {@link FollowResume}) and skipped too. The same place lets a follower whose connection
 * broke (a daemon restart) resume on another store over the same files ({@link FollowResume}).
 *
 * <p>{@code stream} arguments are the wire's names: {@code "out"}, {@code "err"}, anything else both.
 */
public final class LogStore implements AutoCloseable {
    /** Bytes a slow follower may lag behind (text plus per-line overhead) before lines are dropped for it. */
    public static final long FOLLOWER_BYTES = 1024 * 1024;
    /** Heap a queued line costs beyond its text: the entry, the String and the queue node. */
    public static final int LINE_OVERHEAD = 96;
    /** A page of a read: text bytes (each page stays far under the 16 MiB frame limit). */
    public static final int PAGE_BYTES = 1024 * 1024;
    /** History a follower is sent before the live lines, at most: older lines are for a read. */
    private static final long FOLLOW_HISTORY_BYTES = 8L * 1024 * 1024;
    /** Lines a resuming follower is sent at most (within {@link #FOLLOW_HISTORY_BYTES}): about a minute of a busy app. */
    public static final int RESUME_LINES = 100_000;

    /** Where a read's pages go, newest page first and each page newest line first. */
    @FunctionalInterface
    public interface PageSink {
        void send(List<StoredLine> page) throws IOException;
    }

    /** Where a follower's lines go; the follow ends when {@code send} returns false or the sink closes. */
    public interface FollowSink {
        boolean send(StoredLine line);

        boolean isOpen();
    }

    private final LogFileWriter writer;
    private final LogFollowers followers = new LogFollowers();
    private final ReentrantLock order = new ReentrantLock();
    /** Guarded by {@link #order}: lines per app since the store opened, and the ordinal of its newest line per stream. */
    private final Map<String, AppLines> counts = new HashMap<>();
    /** Guarded by {@link #order}: the one staging buffer. */
    private final LineBlock staging = new LineBlock(4096);
    /** Guarded by {@link #order}. */
    private long sequence;
    /** Guarded by {@link #order}: the counters of the last app looked up, by name identity. */
    private String countedName;
    private AppLines countedLines;
    private final LogFormat.Stamper stamper = new LogFormat.Stamper();

    /**
     * One app's lines since the store opened, per stream, and the millisecond and ordinal of its
     * newest line per stream: a line's ordinal is its place among its stream's lines stamped with
     * the same millisecond, which a read of the file counts the same way ({@link FollowBacklog}).
     */
    private static final class AppLines {
        final long[] lines = new long[2];
        final long[] runMs = {Long.MIN_VALUE, Long.MIN_VALUE};
        final int[] runOrdinal = new int[2];

        /** The ordinal of the next line of {@code stream} stamped {@code timestampMs}, counted. */
        int next(LogStream stream, long timestampMs) {
            int s = stream.code();
            lines[s]++;
            if (runMs[s] != timestampMs) {
                runMs[s] = timestampMs;
                runOrdinal[s] = 0;
            }
            return ++runOrdinal[s];
        }

        /** {@link #next} {@code count} times, without the ordinals. */
        void add(LogStream stream, long timestampMs, int count) {
            int s = stream.code();
            lines[s] += count;
            if (runMs[s] != timestampMs) {
                runMs[s] = timestampMs;
                runOrdinal[s] = 0;
            }
            runOrdinal[s] += count;
        }
    }

    /**
     * A store writing into {@code dir}; {@code onWriterDeath} is called (on the dying thread) if the
     * writer thread ends other than through {@link #close()}: an owner for whom logs matter treats
     * it as fatal (DESIGN "Fatal errors").
     */
    public LogStore(Path dir, Consumer<Throwable> onWriterDeath) {
        this(dir, onWriterDeath, java.time.Clock.systemDefaultZone());
    }

    /** As {@link #LogStore(Path, Consumer)}, with the clock (and zone) that time rotation and age retention go by. */
    public LogStore(Path dir, Consumer<Throwable> onWriterDeath, java.time.Clock clock) {
        this(dir, onWriterDeath, clock, LogFileWriter.DROP_BYTES);
    }

    /**
     * As {@link #LogStore(Path, Consumer, java.time.Clock)}, dropping lines past {@code dropBytes}
     * queued instead of {@link LogFileWriter#DROP_BYTES}: a test makes the writer drop without
     * flooding it with 64 MiB.
     */
    public LogStore(Path dir, Consumer<Throwable> onWriterDeath, java.time.Clock clock, long dropBytes) {
        this(new LogFileWriter(dir, LogFileWriter.DEFAULT_MAX_OPEN_FILES, onWriterDeath, clock, dropBytes));
    }

    LogStore(LogFileWriter writer) {
        this.writer = writer;
    }

    /** Lines of {@code name} lost since the store opened because the writer could not keep up (for {@code info}). */
    public long droppedLines(String name) {
        return writer.droppedLines(name);
    }

    /** Completes once the background compressions and expiries asked for so far are done. */
    public java.util.concurrent.CompletableFuture<Void> rotationsIdle() {
        return writer.rotationsIdle();
    }

    /** A read burst begins: the staging lock is taken once for all its lines, until {@link #endOfRead()}. */
    public void beginRead() {
        order.lock();
    }

    /**
     * One line, or a piece of a line cut at the length cap ({@code continued}): a copy into the
     * staging buffer, and to any follower of {@code name}. {@code bytes} is read now, not kept.
     */
    public void acceptRaw(int processId, String name, LogStream stream, long timestampMs, byte[] bytes, int offset,
                          int length, boolean continued) {
        boolean outsideBurst = !order.isHeldByCurrentThread();
        if (outsideBurst) {
            order.lock();
        }
        try {
            long seq = ++sequence;
            LineBlock s = stagingFor(name, stream);
            s.append(stamper.bytes(timestampMs), continued, bytes, offset, length);
            int ordinal = countFor(name).next(stream, timestampMs);
            if (s.length >= s.limit) {
                handOff(s);
            }
            if (!followers.isEmpty()) {
                followers.offer(seq, processId, name, stream, timestampMs, bytes, offset, length, continued, ordinal);
            }
        } finally {
            if (outsideBurst) {
                order.unlock();
            }
        }
    }

    /** Whole lines of one read: the same as {@link #acceptRaw} per line, with the per-line lookups done once. */
    public void acceptLines(int processId, String name, LogStream stream, long timestampMs, byte[] bytes, int[] starts,
                            int[] lengths, int count) {
        boolean outsideBurst = !order.isHeldByCurrentThread();
        if (outsideBurst) {
            order.lock();
        }
        try {
            LineBlock s = stagingFor(name, stream);
            byte[] stampBytes = stamper.bytes(timestampMs);
            boolean followed = !followers.isEmpty();
            AppLines counted = countFor(name);
            if (!followed) {
                // Nobody follows: the lines need no sequence or ordinal one by one, only counting.
                sequence += count;
                counted.add(stream, timestampMs, count);
                for (int i = 0; i < count; ) {
                    i = s.appendLines(stampBytes, bytes, starts, lengths, i, count);
                    if (s.length >= s.limit) {
                        handOff(s);
                    }
                }
                return;
            }
            for (int i = 0; i < count; i++) {
                long seq = ++sequence;
                int ordinal = counted.next(stream, timestampMs);
                s.append(stampBytes, false, bytes, starts[i], lengths[i]);
                if (s.length >= s.limit) {
                    handOff(s);
                }
                followers.offer(seq, processId, name, stream, timestampMs, bytes, starts[i], lengths[i], false, ordinal);
            }
        } finally {
            if (outsideBurst) {
                order.unlock();
            }
        }
    }

    /** End of a read burst: what was staged goes to the writer now, so files are never far behind. */
    public void endOfRead() {
        try {
            handOff(staging);
        } finally {
            order.unlock();
        }
    }

    /** Whether the producer should pause reading: the writer is far behind. */
    public boolean saturated() {
        return writer.saturated();
    }

    /** The staging buffer, holding {@code name}'s {@code stream} lines: what it held for another goes to the writer first. */
    private LineBlock stagingFor(String name, LogStream stream) {
        LineBlock s = staging;
        if (s.name != name || s.stream != stream) {
            // By identity: a burst is one pipe, whose entry name is one object; an equal name in another
            // object (a re-created entry) costs no more than an early hand-off.
            handOff(s);
            s.name = name;
            s.stream = stream;
            s.limit = writer.batchLimit(name);
        }
        return s;
    }

    private AppLines countFor(String name) {
        if (name != countedName) {
            countedLines = counts.computeIfAbsent(name, n -> new AppLines());
            countedName = name;
        }
        return countedLines;
    }

    private void handOff(LineBlock s) {
        if (s.length > 0) {
            writer.appendBatch(s.name, s.stream, s.bytes, s.length, s.lines);
            s.bytes = writer.takeBuffer(Math.max(4096, Math.min(s.length + 1024, 80 * 1024)));
            s.length = 0;
            s.lines = 0;
        }
    }

    /** Lines captured per app since the store opened: {@code [stdout, stderr]} by name. */
    public Map<String, long[]> lineCounts() {
        Map<String, long[]> copy = new HashMap<>();
        order.lock();
        try {
            counts.forEach((name, n) -> copy.put(name, n.lines.clone()));
        } finally {
            order.unlock();
        }
        return copy;
    }

    /** Sets how {@code name}'s files are kept (takes effect at its next write). */
    public void policy(String name, LogPolicy policy) {
        writer.policy(name, policy);
    }

    /** The file {@code name}'s {@code stream} lines go to under its policy; empty when they are discarded ("/dev/null"). */
    public Optional<Path> fileFor(String name, LogStream stream) {
        return writer.fileFor(name, stream);
    }

    public LogPolicy policyOf(String name) {
        return writer.policyOf(name);
    }

    /** Why {@code name}'s lines are not reaching its files right now, or "" while they are. */
    public String writeError(String name) {
        return writer.writeError(name);
    }

    /** Waits until every line accepted so far is in its file (a daemon hand-over: the successor's lines come after). */
    public void flush() {
        writeOut();
    }

    /** Every staged line handed to the writer and written; returns the last sequence number included. */
    private long writeOut() {
        long upTo;
        CompletableFuture<Void> written;
        order.lock();
        try {
            handOff(staging);
            upTo = sequence;
            written = writer.barrier();
        } finally {
            order.unlock();
        }
        try {
            written.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new LogStoreException("the log writer did not catch up: " + e.getMessage(), e);
        }
        return upTo;
    }

    /**
     * Sends the newest {@code lines} lines of the given processes (name to id, in tie-break order)
     * from their files, merged by time, to {@code sink} in pages of about {@link #PAGE_BYTES}:
     * newest page first and each page newest line first. Holds one page at a time; returns the
     * number of lines sent.
     */
    public int read(Map<String, Integer> namesToIds, int lines, String stream, long sinceMs, PageSink sink) throws IOException {
        writeOut();
        int sent = 0;
        try (NewestFirstMerge merge = merge(namesToIds, stream, sinceMs)) {
            List<StoredLine> page = new ArrayList<>();
            long pageBytes = 0;
            for (var e = merge.next(); e.isPresent() && sent < lines; e = merge.next()) {
                page.add(e.get());
                sent++;
                pageBytes += e.get().text().length() + e.get().name().length() + 32;
                if (pageBytes >= PAGE_BYTES) {
                    sink.send(page);
                    page = new ArrayList<>();
                    pageBytes = 0;
                }
            }
            // Oldest of all (newest-first order): a discarded stream's reader learns why it has nothing.
            page.addAll(discardNotes(namesToIds, stream));
            if (!page.isEmpty()) {
                sink.send(page);
            }
        }
        return sent;
    }

    /**
     * Hands the newest {@code lines} lines of the given processes to {@code visitor}, newest
     * first, until it returns false: summaries and dedupe consume them as they come.
     */
    public void newestFirst(Map<String, Integer> namesToIds, int lines, String stream, long sinceMs,
                            Predicate<StoredLine> visitor) {
        writeOut();
        int seen = 0;
        try (NewestFirstMerge merge = merge(namesToIds, stream, sinceMs)) {
            for (var e = merge.next(); e.isPresent() && seen < lines; e = merge.next()) {
                seen++;
                if (!visitor.test(e.get())) {
                    return;
                }
            }
        }
    }

    /** The newest timestamp in the files of the given processes (0 when they hold no line): a summary's anchor. */
    public long newestTimestamp(Map<String, Integer> namesToIds, String stream) {
        long newest = 0;
        for (NewestFirstMerge.Source s : sources(namesToIds, stream)) {
            newest = Math.max(newest, LogFileReader.newestTimestamp(s.file()));
        }
        return newest;
    }

    private NewestFirstMerge merge(Map<String, Integer> namesToIds, String stream, long sinceMs) {
        return new NewestFirstMerge(sources(namesToIds, stream), sinceMs);
    }

    /**
     * The files to read, in the order ties are broken by (app order; an instance's files from before
     * the upgrade, then its files now; out before err). A merged file is one source of both streams.
     */
    private List<NewestFirstMerge.Source> sources(Map<String, Integer> namesToIds, String stream) {
        List<NewestFirstMerge.Source> sources = new ArrayList<>();
        for (Map.Entry<String, Integer> app : namesToIds.entrySet()) {
            String name = app.getKey();
            LogPolicy policy = writer.policyOf(name);
            for (LogStream s : LogStream.values()) {
                if (matches(s, stream)) {
                    writer.legacyFileFor(name, s).ifPresent(old -> sources.add(new NewestFirstMerge.Source(app.getValue(), name, s, old)));
                }
            }
            List<Path> added = new ArrayList<>();
            for (LogStream s : LogStream.values()) {
                java.util.Optional<Path> file = writer.fileFor(name, s);
                if (file.isEmpty() || added.contains(file.get())) {
                    continue;
                }
                boolean both = policy.merged();
                if (both || matches(s, stream)) {
                    added.add(file.get());
                    sources.add(new NewestFirstMerge.Source(app.getValue(), name, s, file.get(), policy.format(), both,
                            line -> matches(line, stream)));
                }
            }
        }
        return sources;
    }

    /**
     * The streams of the given processes that are discarded ({@code "/dev/null"}) among those a
     * read of {@code stream} asks for, as lines to tell the reader why nothing comes from them.
     */
    public List<StoredLine> discardNotes(Map<String, Integer> namesToIds, String stream) {
        List<StoredLine> notes = new ArrayList<>();
        for (Map.Entry<String, Integer> app : namesToIds.entrySet()) {
            LogPolicy policy = writer.policyOf(app.getKey());
            for (LogStream s : LogStream.values()) {
                if (matches(s, stream) && policy.discards(s)) {
                    notes.add(new StoredLine(app.getValue(), app.getKey(), s, 0,
                            "[velos] " + app.getKey() + "'s " + s.shortName() + " is discarded (" + LogPolicy.DISCARD
                                    + "): nothing is stored to read", false, dev.velos.model.Level.INFO));
                }
            }
        }
        return notes;
    }

    /**
     * Sends the newest {@code lines} lines, then every new line of the given processes
     * ({@code everyApp}: of every process, including ones started later) to {@code sink}, until it
     * closes. Runs on the caller's (virtual) thread.
     */
    public void follow(Map<String, Integer> namesToIds, boolean everyApp, int lines, String stream, FollowSink sink)
            throws InterruptedException {
        follow(namesToIds, everyApp, lines, stream, FollowResume.NONE, sink);
    }

    /**
     * As {@link #follow(Map, boolean, int, String, FollowSink)}; a follower resuming after its
     * connection broke ({@code from}, e.g. across a daemon restart) is first sent every line after
     * its marks — at most {@link #RESUME_LINES} of them, the newest, with a note when there were
     * more — instead of the newest {@code lines}, and then the new lines: none twice, none missed.
     */
    public void follow(Map<String, Integer> namesToIds, boolean everyApp, int lines, String stream, FollowResume from,
                       FollowSink sink) throws InterruptedException {
        Set<String> names = Set.copyOf(namesToIds.keySet());
        followers.follow(new LogFollowers.Store() {
            @Override
            public long writeOut() {
                return LogStore.this.writeOut();
            }

            @Override
            public FollowBacklog.Result backlog(FollowResume resume, int wanted) {
                long since = resume.isResume() ? resume.earliestMs() : 0;
                try (NewestFirstMerge merge = merge(namesToIds, stream, since)) {
                    return FollowBacklog.read(merge, resume, resume.isResume() ? RESUME_LINES : wanted, FOLLOW_HISTORY_BYTES);
                }
            }

            @Override
            public long sequence() {
                order.lock();
                try {
                    return sequence;
                } finally {
                    order.unlock();
                }
            }

            @Override
            public void locked(Runnable action) {
                order.lock();
                try {
                    action.run();
                } finally {
                    order.unlock();
                }
            }
        }, everyApp ? n -> true : names::contains, lines, stream, from, sink);
    }

    static boolean matches(LogStream s, String stream) {
        return switch (stream == null ? "all" : stream) {
            case "out" -> s == LogStream.STDOUT;
            case "err" -> s == LogStream.STDERR;
            default -> true;
        };
    }

    /** Empties the files of {@code names} (the writer keeps writing new lines after it). */
    public void truncate(Collection<String> names) {
        writeOut();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String name : names) {
            pending.add(writer.truncate(name));
        }
        pending.forEach(CompletableFuture::join);
    }

    /** Closes the files of a deleted app (which stay on disk). */
    public void forget(String name) {
        order.lock();
        try {
            handOff(staging);
            counts.remove(name);
            countedName = null;
        } finally {
            order.unlock();
        }
        writer.closeApp(name);
    }

    /** Time rotation and age expiry for files not written lately (a periodic tick of the owner calls it). */
    public CompletableFuture<Void> maintain() {
        return writer.maintain();
    }

    /** Closes every log file after what is staged; each reopens by name at its next line (SIGHUP, logrotate). */
    public void reopen() {
        order.lock();
        try {
            handOff(staging);
        } finally {
            order.unlock();
        }
        writer.reopenAll();
    }

    /** Test hook: a malformed block that kills the writer thread, as a bug in it would. */
    public void breakWriterForTest() {
        writer.appendBatch("velos", LogStream.STDOUT, new byte[1], 2, 1);
    }

    /** Writes out what is staged and closes the files; followers send the lines they hold, then end. */
    @Override
    public void close() {
        order.lock();
        try {
            handOff(staging);
        } finally {
            order.unlock();
        }
        followers.close();
        writer.close();
    }
}
