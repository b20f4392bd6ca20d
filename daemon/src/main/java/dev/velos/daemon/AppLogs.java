// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import dev.velos.ipc.StreamingResponse;
import dev.velos.ipc.WireTypes;
import dev.velos.logs.LogFileReader;
import dev.velos.logs.LogFileWriter;
import dev.velos.logs.LogFormat;
import dev.velos.logs.LogPolicy;
import dev.velos.model.LogLine;
import dev.velos.model.LogStream;
import dev.velos.supervisor.RawLogSink;

/**
 * Where captured output goes in the daemon: the app's log files (rotated by size) and any live
 * followers. Reads come from the files, so any number of lines and any time range survive daemon
 * restarts and rotations.
 *
 * <p>The hot path allocates nothing per line: each line is copied from the supervisor's read
 * buffer straight into a per-(app, stream) staging buffer already in the file format, and a full
 * buffer (or the end of a read burst) goes to the writer thread as one block. Only a line that a
 * follower is waiting for is decoded into a String.
 *
 * <p>Followers get every line after the history they were sent, exactly once: each line gets a
 * sequence number under the lock that also guards staging, so a follower can stage everything,
 * ask the writer for a barrier at sequence S, read the files (which then hold every line up to S)
 * and skip queued lines numbered S or less.
 */
final class AppLogs implements RawLogSink, AutoCloseable {
    /** Lines a slow follower may lag behind before it is told some were skipped. */
    private static final int FOLLOWER_QUEUE = 20_000;

    private final LogFileWriter writer;
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private final ReentrantLock order = new ReentrantLock();
    /** Guarded by {@link #order}. */
    private final Map<String, Staging[]> staging = new HashMap<>();
    /** Guarded by {@link #order}. */
    private long sequence;
    /** Guarded by {@link #order}: the last staging pair looked up, by name identity. */
    private String lastName;
    private Staging[] lastPair;
    private final LogFormat.Stamper stamper = new LogFormat.Stamper();

    /** One live {@code logs.follow} stream. */
    private record Follower(Predicate<String> names, String stream, BlockingQueue<Sequenced> queue, AtomicLong dropped) {
    }

    private record Sequenced(long seq, LogLine line) {
    }

    /** Lines of one app and stream waiting to become one block for the writer. */
    private static final class Staging {
        final String name;
        final LogStream stream;
        byte[] bytes = new byte[4096];
        int length;
        int lines;
        /** Every line this app wrote on this stream since the daemon started (the Prometheus counter). */
        long total;
        /** Hand over at this size; refreshed at each hand-over, so a policy change applies soon. */
        int limit;

        Staging(String name, LogStream stream, int limit) {
            this.name = name;
            this.stream = stream;
            this.limit = limit;
        }

        void append(byte[] stamp, byte separator, byte[] src, int offset, int count) {
            int needed = length + stamp.length + 2 + count;
            if (needed > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
            }
            System.arraycopy(stamp, 0, bytes, length, stamp.length);
            length += stamp.length;
            bytes[length++] = separator;
            System.arraycopy(src, offset, bytes, length, count);
            length += count;
            bytes[length++] = '\n';
            lines++;
            total++;
        }
    }

    AppLogs(Path dir) {
        this.writer = new LogFileWriter(dir);
    }

    /** A read burst begins: the staging lock is taken once for all its lines. */
    @Override
    public void beginRead() {
        order.lock();
    }

    /**
     * Called on the supervisor's loop thread, inside a read burst: a copy into the staging buffer,
     * nothing else (the lock is already held, taken by {@link #beginRead()}).
     */
    @Override
    public void acceptRaw(int processId, String name, LogStream stream, long timestampMs, byte[] bytes, int offset,
                          int length, boolean continued) {
        boolean outsideBurst = !order.isHeldByCurrentThread();
        if (outsideBurst) {
            order.lock();
        }
        try {
            long seq = ++sequence;
            Staging s = stagingFor(name, stream);
            s.append(stamper.bytes(timestampMs), continued ? (byte) '+' : (byte) ' ', bytes, offset, length);
            if (s.length >= s.limit) {
                handOff(s);
            }
            if (!followers.isEmpty()) {
                offerToFollowers(seq, processId, name, stream, timestampMs, bytes, offset, length, continued);
            }
        } finally {
            if (outsideBurst) {
                order.unlock();
            }
        }
    }

    /** Whole lines of one read: the same as {@link #acceptRaw} per line, with the per-line lookups done once. */
    @Override
    public void acceptLines(int processId, String name, LogStream stream, long timestampMs, byte[] bytes, int[] starts,
                            int[] lengths, int count) {
        boolean outsideBurst = !order.isHeldByCurrentThread();
        if (outsideBurst) {
            order.lock();
        }
        try {
            Staging s = stagingFor(name, stream);
            byte[] stampBytes = stamper.bytes(timestampMs);
            boolean followed = !followers.isEmpty();
            for (int i = 0; i < count; i++) {
                long seq = ++sequence;
                s.append(stampBytes, (byte) ' ', bytes, starts[i], lengths[i]);
                if (s.length >= s.limit) {
                    handOff(s);
                }
                if (followed) {
                    offerToFollowers(seq, processId, name, stream, timestampMs, bytes, starts[i], lengths[i], false);
                }
            }
        } finally {
            if (outsideBurst) {
                order.unlock();
            }
        }
    }

    /** End of a read burst: what was staged goes to the writer now, so files are never far behind. */
    @Override
    public void endOfRead() {
        try {
            handOffAll();
        } finally {
            order.unlock();
        }
    }

    @Override
    public boolean saturated() {
        return writer.saturated();
    }

    private Staging stagingFor(String name, LogStream stream) {
        // A burst of reads is one pipe: the same name object line after line, so skip the map lookup.
        if (name == lastName) {
            return lastPair[stream.code()];
        }
        Staging[] pair = staging.computeIfAbsent(name, n -> new Staging[] {
            new Staging(n, LogStream.STDOUT, writer.batchLimit(n)), new Staging(n, LogStream.STDERR, writer.batchLimit(n))});
        lastName = name;
        lastPair = pair;
        return pair[stream.code()];
    }

    private void handOff(Staging s) {
        if (s.length > 0) {
            writer.appendBatch(s.name, s.stream, s.bytes, s.length, s.lines);
            s.bytes = writer.takeBuffer(Math.max(4096, Math.min(s.length + 1024, 80 * 1024)));
            s.length = 0;
            s.lines = 0;
            s.limit = writer.batchLimit(s.name);
        }
    }

    private void handOffAll() {
        for (Staging[] pair : staging.values()) {
            handOff(pair[0]);
            handOff(pair[1]);
        }
    }

    private void offerToFollowers(long seq, int processId, String name, LogStream stream, long timestampMs, byte[] bytes,
                                  int offset, int length, boolean continued) {
        LogLine line = null;
        for (Follower f : followers) {
            if (f.names().test(name) && matches(stream, f.stream())) {
                if (line == null) {
                    line = new LogLine(processId, name, stream, Instant.ofEpochMilli(timestampMs),
                            new String(bytes, offset, length, StandardCharsets.UTF_8), continued);
                }
                if (!f.queue().offer(new Sequenced(seq, line))) {
                    f.dropped().incrementAndGet();
                }
            }
        }
    }

    /** Lines captured per app since the daemon started: {@code [stdout, stderr]} by name. */
    Map<String, long[]> lineCounts() {
        Map<String, long[]> counts = new HashMap<>();
        order.lock();
        try {
            staging.forEach((name, pair) -> counts.put(name, new long[] {pair[0].total, pair[1].total}));
        } finally {
            order.unlock();
        }
        return counts;
    }

    void policy(String name, LogPolicy policy) {
        writer.policy(name, policy);
    }

    /** Why {@code name}'s lines are not reaching its files right now, or "" while they are. */
    String writeError(String name) {
        return writer.writeError(name);
    }

    LogPolicy policyOf(String name) {
        return writer.policyOf(name);
    }

    /** Every staged line handed to the writer and written; returns the last sequence number included. */
    private long writeOut() {
        long upTo;
        CompletableFuture<Void> written;
        order.lock();
        try {
            handOffAll();
            upTo = sequence;
            written = writer.barrier();
        } finally {
            order.unlock();
        }
        try {
            written.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new DaemonException("the log writer did not catch up: " + e.getMessage(), e);
        }
        return upTo;
    }

    /** The newest {@code lines} lines of the given processes from their files, merged by time, oldest first. */
    List<WireTypes.LogEntry> read(Map<String, Integer> namesToIds, int lines, String stream, long sinceMs) {
        writeOut();
        return readFiles(namesToIds, lines, stream, sinceMs);
    }

    private List<WireTypes.LogEntry> readFiles(Map<String, Integer> namesToIds, int lines, String stream, long sinceMs) {
        List<WireTypes.LogEntry> merged = new ArrayList<>();
        for (Map.Entry<String, Integer> app : namesToIds.entrySet()) {
            for (LogStream s : LogStream.values()) {
                if (!matches(s, stream)) {
                    continue;
                }
                for (LogFormat.FileLine l : LogFileReader.tail(writer.fileFor(app.getKey(), s), lines, sinceMs)) {
                    merged.add(new WireTypes.LogEntry(app.getValue(), app.getKey(), s.shortName(), l.timestampMs(),
                            l.text(), l.continued()));
                }
            }
        }
        merged.sort(Comparator.comparingLong(WireTypes.LogEntry::timestampMs)); // stable: file order within a stream
        int from = Math.max(0, merged.size() - lines);
        return new ArrayList<>(merged.subList(from, merged.size()));
    }

    /**
     * A stream of the newest {@code lines} lines, then every new line of the given processes
     * ({@code everyApp}: of every process, including ones started later).
     */
    StreamingResponse follow(Map<String, Integer> namesToIds, boolean everyApp, int lines, String stream) {
        Set<String> names = Set.copyOf(namesToIds.keySet());
        return sink -> {
            Follower follower = new Follower(everyApp ? n -> true : names::contains, stream,
                    new ArrayBlockingQueue<>(FOLLOWER_QUEUE), new AtomicLong());
            order.lock();
            try {
                followers.add(follower);
            } finally {
                order.unlock();
            }
            try {
                long upTo = writeOut();
                if (lines > 0) {
                    for (WireTypes.LogEntry e : readFiles(namesToIds, lines, stream, 0)) {
                        if (!sink.send(e)) {
                            return;
                        }
                    }
                }
                pump(follower, upTo, sink);
            } finally {
                followers.remove(follower);
            }
        };
    }

    private static void pump(Follower follower, long upTo, StreamingResponse.EventSink sink) throws InterruptedException {
        while (sink.isOpen()) {
            Sequenced next = follower.queue().poll(1, TimeUnit.SECONDS);
            long dropped = follower.dropped().getAndSet(0);
            if (dropped > 0 && !sink.send(gap(dropped))) {
                return;
            }
            if (next == null || next.seq() <= upTo) {
                continue;
            }
            LogLine l = next.line();
            if (!sink.send(new WireTypes.LogEntry(l.processId(), l.name(), l.stream().shortName(),
                    l.timestamp().toEpochMilli(), l.text(), l.continued()))) {
                return;
            }
        }
    }

    /** Told to a follower that fell too far behind: the lines are in the files, not in this stream. */
    private static WireTypes.LogEntry gap(long dropped) {
        return new WireTypes.LogEntry(0, "velos", "err", Instant.now().toEpochMilli(),
                "[velos] follower too slow: " + dropped + " line(s) skipped here (they are in the log files)", false);
    }

    private static boolean matches(LogStream s, String stream) {
        return switch (stream == null ? "all" : stream) {
            case "out" -> s == LogStream.STDOUT;
            case "err" -> s == LogStream.STDERR;
            default -> true;
        };
    }

    /** Empties the files of {@code names} (the writer keeps writing new lines after it). */
    void truncate(Collection<String> names) {
        writeOut();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String name : names) {
            pending.add(writer.truncate(name));
        }
        pending.forEach(CompletableFuture::join);
    }

    /** Closes the files of a deleted app (which stay on disk). */
    void forget(String name) {
        order.lock();
        try {
            Staging[] pair = staging.remove(name);
            lastName = null;
            if (pair != null) {
                handOff(pair[0]);
                handOff(pair[1]);
            }
        } finally {
            order.unlock();
        }
        writer.closeApp(name);
    }

    @Override
    public void close() {
        order.lock();
        try {
            handOffAll();
        } finally {
            order.unlock();
        }
        writer.close();
    }
}
