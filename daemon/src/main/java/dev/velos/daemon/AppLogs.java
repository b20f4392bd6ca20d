// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.velos.ipc.PagedResponse;
import dev.velos.ipc.StreamingResponse;
import dev.velos.ipc.WireTypes;
import dev.velos.logs.FollowResume;
import dev.velos.logs.LogPolicy;
import dev.velos.logs.LogStore;
import dev.velos.logs.StoredLine;
import dev.velos.model.LogStream;
import dev.velos.supervisor.RawLogSink;

/**
 * The adapter between the supervisor's {@link RawLogSink} and the {@link LogStore}, which owns
 * the log path (supervisor and logs never see each other, DESIGN §2), and from the store's lines
 * to the wire's {@link WireTypes.LogEntry}: paged reads and streamed follows.
 */
final class AppLogs implements RawLogSink, AutoCloseable {
    private final LogStore store;

    AppLogs(Path dir, Consumer<Throwable> onWriterDeath, java.time.Clock clock, long dropBytes) {
        this.store = new LogStore(dir, onWriterDeath, clock, dropBytes);
    }

    /** Waits until every line accepted so far is in its file. */
    void flush() {
        store.flush();
    }

    /** Rotates by time and expires by age the files not written lately ({@link LogMaintenance}'s tick). */
    void maintain() {
        store.maintain();
    }

    @Override
    public void beginRead() {
        store.beginRead();
    }

    @Override
    public void acceptRaw(int processId, String name, LogStream stream, long timestampMs, byte[] bytes, int offset,
                          int length, boolean continued) {
        store.acceptRaw(processId, name, stream, timestampMs, bytes, offset, length, continued);
    }

    @Override
    public void acceptLines(int processId, String name, LogStream stream, long timestampMs, byte[] bytes, int[] starts,
                            int[] lengths, int count) {
        store.acceptLines(processId, name, stream, timestampMs, bytes, starts, lengths, count);
    }

    @Override
    public void endOfRead() {
        store.endOfRead();
    }

    @Override
    public boolean saturated() {
        return store.saturated();
    }

    /** Lines captured per app since the daemon started: {@code [stdout, stderr]} by name. */
    Map<String, long[]> lineCounts() {
        return store.lineCounts();
    }

    void policy(String name, LogPolicy policy) {
        store.policy(name, policy);
    }

    /** Why {@code name}'s lines are not reaching its files right now, or "" while they are. */
    String writeError(String name) {
        return store.writeError(name);
    }

    /** What {@code info} says of {@code name}'s logs; {@code lines} is {@link #lineCounts()}, read once for a whole list. */
    Views.LogFacts facts(String name, Map<String, long[]> lines) {
        long[] n = lines.getOrDefault(name, new long[2]);
        return new Views.LogFacts(store.writeError(name), n[0], n[1], store.droppedLines(name), file(name, LogStream.STDOUT),
                file(name, LogStream.STDERR));
    }

    /** The file {@code name}'s {@code stream} goes to, {@code /dev/null} when it is discarded. */
    private String file(String name, LogStream stream) {
        return store.fileFor(name, stream).map(Path::toString).orElse(LogPolicy.DISCARD.toString());
    }

    LogPolicy policyOf(String name) {
        return store.policyOf(name);
    }

    /**
     * The newest {@code lines} lines of the given processes from their files, merged by time, as
     * a paged answer: newest page first and each page newest line first ({@code VelosClient.logs}
     * puts them back in order).
     */
    PagedResponse read(Map<String, Integer> namesToIds, int lines, String stream, long sinceMs) {
        return sink -> {
            int sent = store.read(namesToIds, lines, stream, sinceMs,
                    page -> sink.send(page.stream().map(AppLogs::entry).toList()));
            return Map.of("lines", sent);
        };
    }

    /** Hands the newest {@code lines} lines of the given processes to {@code visitor}, newest first, until it returns false. */
    void newestFirst(Map<String, Integer> namesToIds, int lines, String stream, long sinceMs,
                     Predicate<WireTypes.LogEntry> visitor) {
        store.newestFirst(namesToIds, lines, stream, sinceMs, l -> visitor.test(entry(l)));
    }

    /** The newest timestamp in the files of the given processes (0 when they hold no line): a summary's anchor. */
    long newestTimestamp(Map<String, Integer> namesToIds, String stream) {
        return store.newestTimestamp(namesToIds, stream);
    }

    /**
     * A stream of the newest {@code lines} lines, then every new line of the given processes
     * ({@code everyApp}: of every process, including ones started later).
     */
    StreamingResponse follow(Map<String, Integer> namesToIds, boolean everyApp, int lines, String stream) {
        return follow(namesToIds, everyApp, lines, stream, WireTypes.FollowFrom.NONE);
    }

    /** As above; a follower resuming after its connection broke ({@code from}) first gets every line it missed instead. */
    StreamingResponse follow(Map<String, Integer> namesToIds, boolean everyApp, int lines, String stream,
                             WireTypes.FollowFrom from) {
        return sink -> store.follow(namesToIds, everyApp, lines, stream, resume(from), new LogStore.FollowSink() {
            @Override
            public boolean send(StoredLine line) {
                return sink.send(entry(line));
            }

            @Override
            public boolean isOpen() {
                return sink.isOpen();
            }
        });
    }

    /**
     * Hands every new line of every app to {@code sink} (velos run's console) until it closes or
     * this store does — then after the lines it still holds. Runs on the caller's thread.
     */
    void followAll(LogStore.FollowSink sink) throws InterruptedException {
        store.follow(Map.of(), true, 0, "all", sink);
    }

    /** The wire's form of a stored line, with its level and its place (ordinal) among its millisecond's lines. */
    private static WireTypes.LogEntry entry(StoredLine l) {
        return new WireTypes.LogEntry(l.id(), l.name(), l.stream().shortName(), l.timestampMs(), l.text(), l.continued(),
                l.level().lowerName(), l.ordinal());
    }

    /** The store's form of a follower's resume point; a mark naming no stream velos knows is left out. */
    private static FollowResume resume(WireTypes.FollowFrom from) {
        if (!from.isResume()) {
            return FollowResume.NONE;
        }
        List<FollowResume.Mark> marks = new java.util.ArrayList<>();
        for (WireTypes.FollowMark m : from.marks()) {
            if (m.stream().equals("out") || m.stream().equals("err")) {
                marks.add(new FollowResume.Mark(m.name(), LogStream.ofShortName(m.stream()), m.timestampMs(), m.ord()));
            }
        }
        return new FollowResume(from.afterMs(), marks);
    }

    /** Empties the files of {@code names} (the writer keeps writing new lines after it). */
    void truncate(Collection<String> names) {
        store.truncate(List.copyOf(names));
    }

    /** Closes the files of a deleted app (which stay on disk). */
    void forget(String name) {
        store.forget(name);
    }

    /** Closes every log file after what is staged; each reopens by name at its next line (SIGHUP, logrotate). */
    void reopen() {
        store.reopen();
    }

    /** Test hook ({@link TestHooks}): a malformed block that kills the writer thread, as a bug in it would. */
    void breakWriterForTest() {
        store.breakWriterForTest();
    }

    @Override
    public void close() {
        store.close();
    }
}
