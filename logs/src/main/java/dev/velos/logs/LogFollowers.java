// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.velos.model.Level;
import dev.velos.model.LogStream;

/**
 * The live followers of a {@link LogStore}: the ingest thread offers each new line to those that
 * want it (one bounded queue each), and each follower's own thread sends its backlog from the
 * files, then its queue, exactly once per line (see {@link LogStore}'s note on sequences and
 * {@link FollowResume} on places).
 */
final class LogFollowers {
    /** What the store does for a follower: stage and number everything, read its backlog, tell the latest number. */
    interface Store {
        /** Every staged line written out; the last sequence number included. */
        long writeOut();

        FollowBacklog.Result backlog(FollowResume from, int lines);

        /** The sequence number of the newest line staged so far. */
        long sequence();

        /** Runs {@code action} under the staging lock (so no line is numbered meanwhile). */
        void locked(Runnable action);
    }

    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    /** Set when the store closes: no line comes any more, so a follower ends once it has sent what it holds. */
    private volatile boolean closed;

    /** One live follower; {@code queuedBytes} is what its queue holds, bounded by {@link LogStore#FOLLOWER_BYTES}. */
    private record Follower(Predicate<String> names, String stream, BlockingQueue<Sequenced> queue, AtomicLong queuedBytes,
                            AtomicLong dropped) {
    }

    private record Sequenced(long seq, FollowedLine line, int cost) {
    }

    /**
     * A followed line as the ingest thread hands it over, decoded but not classified: the first
     * follower thread that sends it classifies it (once for every follower), so the classifier
     * never runs on the supervisor's loop.
     */
    private static final class FollowedLine {
        private final int id;
        private final String name;
        private final LogStream stream;
        private final long timestampMs;
        private final String text;
        private final boolean continued;
        private final int ordinal;
        private volatile StoredLine stored;

        FollowedLine(int id, String name, LogStream stream, long timestampMs, String text, boolean continued, int ordinal) {
            this.id = id;
            this.name = name;
            this.stream = stream;
            this.timestampMs = timestampMs;
            this.text = text;
            this.continued = continued;
            this.ordinal = ordinal;
        }

        /** The line with its level; two followers racing may both classify it, with the same result. */
        StoredLine stored() {
            StoredLine s = stored;
            if (s == null) {
                s = StoredLine.classified(id, name, stream, timestampMs, text, continued).withOrdinal(ordinal);
                stored = s;
            }
            return s;
        }
    }

    boolean isEmpty() {
        return followers.isEmpty();
    }

    /** The store closed: each follower sends the lines it still holds, then ends. */
    void close() {
        closed = true;
    }

    /** A new line (ingest thread, under the staging lock): queued for every follower that wants it and has room. */
    void offer(long seq, int processId, String name, LogStream stream, long timestampMs, byte[] bytes, int offset, int length,
               boolean continued, int ordinal) {
        FollowedLine line = null;
        for (Follower f : followers) {
            if (f.names().test(name) && LogStore.matches(stream, f.stream())) {
                int cost = length + LogStore.LINE_OVERHEAD;
                if (f.queuedBytes().get() + cost > LogStore.FOLLOWER_BYTES) {
                    f.dropped().incrementAndGet();
                    continue;
                }
                if (line == null) {
                    // Decoded here, once for every follower (only a followed line is ever decoded on this thread).
                    line = new FollowedLine(processId, name, stream, timestampMs,
                            new String(bytes, offset, length, StandardCharsets.UTF_8), continued, ordinal);
                }
                f.queuedBytes().addAndGet(cost);
                f.queue().add(new Sequenced(seq, line, cost));
            }
        }
    }

    /**
     * Sends {@code store}'s backlog (the newest {@code lines}, or what {@code from} missed), then
     * every new line of {@code names} ({@code null}: of every app) to {@code sink} until it closes.
     */
    void follow(Store store, Predicate<String> names, int lines, String stream, FollowResume from, LogStore.FollowSink sink)
            throws InterruptedException {
        Follower follower = new Follower(names, stream, new LinkedBlockingQueue<>(), new AtomicLong(), new AtomicLong());
        store.locked(() -> followers.add(follower));
        try {
            long upTo = store.writeOut();
            FollowBacklog.Result backlog = store.backlog(from, lines);
            // Lines numbered after upTo but up to here may be in the files just read as well.
            long readUpTo = store.sequence();
            Places sent = new Places(from.marks());
            if (backlog.truncated() && !sink.send(missedNote())) {
                return;
            }
            for (StoredLine line : backlog.lines()) {
                if (!sink.send(line)) {
                    return;
                }
                sent.advance(line);
            }
            pump(follower, upTo, readUpTo, sent, sink, () -> closed);
        } finally {
            followers.remove(follower);
        }
    }

    private static void pump(Follower follower, long upTo, long readUpTo, Places sent, LogStore.FollowSink sink,
                             java.util.function.BooleanSupplier storeClosed) throws InterruptedException {
        while (sink.isOpen()) {
            boolean closing = storeClosed.getAsBoolean();
            Sequenced next = follower.queue().poll(closing ? 0 : 250, TimeUnit.MILLISECONDS);
            if (next == null && closing) {
                return;
            }
            if (next != null) {
                follower.queuedBytes().addAndGet(-next.cost());
            }
            long dropped = follower.dropped().getAndSet(0);
            if (dropped > 0 && !sink.send(StoredLine.gap(dropped, System.currentTimeMillis()))) {
                return;
            }
            if (next == null || next.seq() <= upTo) {
                continue;
            }
            StoredLine line = next.line().stored();
            if (next.seq() <= readUpTo && sent.covers(line)) {
                continue;
            }
            if (!sink.send(line)) {
                return;
            }
        }
    }

    /** Told first when a resume had more missed lines than it sends. */
    private static StoredLine missedNote() {
        return new StoredLine(0, "velos", LogStream.STDERR, System.currentTimeMillis(),
                "[velos] some lines printed while this follower was reconnecting are not shown (too many): they are in"
                        + " the log files ('velos logs')", false, Level.WARN);
    }

    /** The place (millisecond, ordinal) of the last line sent, per app and stream. */
    private static final class Places {
        private final Map<String, long[]> last = new HashMap<>();

        Places(List<FollowResume.Mark> marks) {
            marks.forEach(m -> last.put(key(m.name(), m.stream()), new long[] {m.timestampMs(), m.ordinal()}));
        }

        private static String key(String name, LogStream stream) {
            return stream.shortName() + '/' + name;
        }

        void advance(StoredLine line) {
            if (line.ordinal() > 0) {
                last.put(key(line.name(), line.stream()), new long[] {line.timestampMs(), line.ordinal()});
            }
        }

        /** Whether {@code line} is at or before the last one sent of its app and stream. */
        boolean covers(StoredLine line) {
            long[] place = last.get(key(line.name(), line.stream()));
            return place != null && (line.timestampMs() < place[0] || line.timestampMs() == place[0] && line.ordinal() <= place[1]);
        }
    }
}
