// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.velos.ipc.StreamingResponse;
import dev.velos.ipc.WireTypes;
import dev.velos.logs.LogFileReader;
import dev.velos.logs.LogFileWriter;
import dev.velos.logs.LogFormat;
import dev.velos.logs.LogPolicy;
import dev.velos.logs.LogRing;
import dev.velos.model.LogLine;
import dev.velos.model.LogStream;
import dev.velos.supervisor.LogSink;

/**
 * Where captured lines go in the daemon: the app's log files (rotated by size), a small ring of
 * recent lines, and any live followers. Reads come from the files, so any number of lines and
 * any time range survive daemon restarts and rotations.
 *
 * <p>Followers get every line after the history they were sent, exactly once: each line gets a
 * sequence number under a lock that also orders the writer queue, so a follower can ask the
 * writer for a barrier at sequence S, read the files (which then hold every line up to S) and
 * skip queued lines numbered S or less.
 */
final class AppLogs implements LogSink, AutoCloseable {
    /** Lines a slow follower may lag behind before it is told some were skipped. */
    private static final int FOLLOWER_QUEUE = 20_000;

    private final LogFileWriter writer;
    private final Map<String, LogRing> rings = new ConcurrentHashMap<>();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private final ReentrantLock order = new ReentrantLock();
    private final AtomicLong sequence = new AtomicLong();

    /** One live {@code logs.follow} stream. */
    private record Follower(java.util.function.Predicate<String> names, String stream, BlockingQueue<Sequenced> queue,
                            AtomicLong dropped) {
    }

    private record Sequenced(long seq, LogLine line) {
    }

    AppLogs(Path dir) {
        this.writer = new LogFileWriter(dir);
    }

    /** Called on the supervisor's loop thread; hands the line off without blocking. */
    @Override
    public void accept(LogLine line) {
        long seq;
        order.lock();
        try {
            seq = sequence.incrementAndGet();
            writer.append(line);
        } finally {
            order.unlock();
        }
        rings.computeIfAbsent(line.name(), n -> new LogRing(LogRing.DEFAULT_CAPACITY)).add(line);
        for (Follower f : followers) {
            if (f.names().test(line.name()) && matches(line.stream(), f.stream())
                    && !f.queue().offer(new Sequenced(seq, line))) {
                f.dropped().incrementAndGet();
            }
        }
    }

    @Override
    public boolean saturated() {
        return writer.saturated();
    }

    void policy(String name, LogPolicy policy) {
        writer.policy(name, policy);
    }

    LogPolicy policyOf(String name) {
        return writer.policyOf(name);
    }

    /** The newest {@code lines} lines of the given processes from their files, merged by time, oldest first. */
    List<WireTypes.LogEntry> read(Map<String, Integer> namesToIds, int lines, String stream, long sinceMs) {
        writer.flush();
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
            long upTo;
            java.util.concurrent.CompletableFuture<Void> written;
            order.lock();
            try {
                followers.add(follower);
                upTo = sequence.get();
                written = writer.barrier();
            } finally {
                order.unlock();
            }
            try {
                written.get(10, TimeUnit.SECONDS);
                if (lines > 0) {
                    for (WireTypes.LogEntry e : readFiles(namesToIds, lines, stream, 0)) {
                        if (!sink.send(e)) {
                            return;
                        }
                    }
                }
                pump(follower, upTo, sink);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                sink.send(java.util.Map.of("error", "cannot read the log files: " + e.getMessage()));
            } finally {
                followers.remove(follower);
            }
        };
    }

    private static void pump(Follower follower, long upTo, StreamingResponse.EventSink sink)
            throws InterruptedException {
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
            if (!sink.send(new WireTypes.LogEntry(l.processId(), l.name(),
                    l.stream().shortName(), l.timestamp().toEpochMilli(), l.text(), l.continued()))) {
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
        List<java.util.concurrent.CompletableFuture<Void>> pending = new ArrayList<>();
        for (String name : names) {
            pending.add(writer.truncate(name));
            LogRing ring = rings.remove(name);
            if (ring != null) {
                rings.put(name, new LogRing(LogRing.DEFAULT_CAPACITY));
            }
        }
        for (var f : pending) {
            f.join();
        }
    }

    /** Forgets the ring of a deleted app and closes its files (which stay on disk). */
    void forget(String name) {
        rings.remove(name);
        writer.closeApp(name);
    }

    void flush() {
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
