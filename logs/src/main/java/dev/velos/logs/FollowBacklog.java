// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.LogStream;

/**
 * What a follower is sent from the files before the live lines: the newest lines it asked for (a
 * new follower), or every line after its marks (a follower resuming, {@link FollowResume}) — each
 * with its ordinal, so that the follower knows its place in every file.
 *
 * <p>Reading newest first, a line's ordinal (its place among its app's and stream's lines of the
 * same millisecond, counted from the first) is known only once the start of that millisecond's
 * run is reached. So the walk keeps, per app and stream, the open run's lines, and once the wanted
 * lines are collected it goes on counting, without keeping any text, until every run it took
 * lines from is complete: one millisecond's lines at most, since the merge is newest first.
 */
final class FollowBacklog {
    /** The lines, oldest first, and whether the resume left out lines past its bounds (then a note says so). */
    record Result(List<StoredLine> lines, boolean truncated) {
    }

    private record Key(String name, LogStream stream) {
    }

    /** A collected line; its ordinal is set, and a resume's already-seen lines dropped, when its run is complete. */
    private static final class Slot {
        final StoredLine line;
        int ordinal;
        boolean dropped;

        Slot(StoredLine line) {
            this.line = line;
        }
    }

    /** The open run of one app and stream: the lines of its newest millisecond not yet complete. */
    private static final class Run {
        final FollowResume.Mark mark;
        long timestampMs = Long.MIN_VALUE;
        int count;
        final List<Slot> collected = new ArrayList<>();
        boolean done;

        Run(FollowResume.Mark mark) {
            this.mark = mark;
        }
    }

    private final FollowResume from;
    private final int maxLines;
    private final long maxBytes;
    private final Map<Key, FollowResume.Mark> marks = new HashMap<>();
    private final Map<Key, Run> runs = new HashMap<>();
    /** Newest first, as read. */
    private final List<Slot> slots = new ArrayList<>();
    private boolean collecting = true;
    private boolean truncated;
    private long bytes;

    private FollowBacklog(FollowResume from, int maxLines, long maxBytes) {
        this.from = from;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        from.marks().forEach(m -> marks.put(new Key(m.name(), m.stream()), m));
    }

    /**
     * The backlog from {@code merge} (newest first): with {@link FollowResume#NONE} the newest
     * {@code maxLines} lines, otherwise the lines after {@code from}'s marks, the newest of them
     * when there are more than {@code maxLines}; both within about {@code maxBytes} of text.
     */
    static Result read(NewestFirstMerge merge, FollowResume from, int maxLines, long maxBytes) {
        FollowBacklog backlog = new FollowBacklog(from, maxLines, maxBytes);
        if (maxLines <= 0) {
            return new Result(List.of(), false);
        }
        for (var line = merge.next(); line.isPresent() && backlog.accept(line.get()); line = merge.next()) {
            // accept() decides when the walk is over
        }
        return backlog.result();
    }

    /** Takes (or counts) one line; false once nothing older can matter. */
    private boolean accept(StoredLine line) {
        if (!collecting && line.timestampMs() < oldestOpenRun()) {
            return false;
        }
        Key key = new Key(line.name(), line.stream());
        Run run = runs.computeIfAbsent(key, k -> new Run(marks.get(k)));
        if (run.done) {
            return true;
        }
        if (line.timestampMs() != run.timestampMs) {
            close(run);
            run.timestampMs = line.timestampMs();
        }
        if (from.isResume() && seenBefore(run, line)) {
            run.done = true;
            return true;
        }
        run.count++;
        if (collecting) {
            Slot slot = new Slot(line);
            run.collected.add(slot);
            slots.add(slot);
            bytes += line.text().length() + LogStore.LINE_OVERHEAD;
            collecting = slots.size() < maxLines && bytes < maxBytes;
        } else if (run.collected.isEmpty()) {
            run.done = true;
            truncated |= from.isResume();
        }
        return true;
    }

    /** Older than what the resuming follower already has (its run at the mark's millisecond is sorted out in {@link #close}). */
    private boolean seenBefore(Run run, StoredLine line) {
        return line.timestampMs() < (run.mark != null ? run.mark.timestampMs() : from.afterMs());
    }

    /** The earliest millisecond whose run still has collected lines without their ordinals. */
    private long oldestOpenRun() {
        long oldest = Long.MAX_VALUE;
        for (Run run : runs.values()) {
            if (!run.collected.isEmpty()) {
                oldest = Math.min(oldest, run.timestampMs);
            }
        }
        return oldest;
    }

    /** The run is complete: its lines get their ordinals, and those a resuming follower already has are dropped. */
    private void close(Run run) {
        for (int i = 0; i < run.collected.size(); i++) {
            Slot slot = run.collected.get(i);
            slot.ordinal = run.count - i;
            slot.dropped = run.mark != null && run.timestampMs == run.mark.timestampMs() && slot.ordinal <= run.mark.ordinal();
        }
        run.collected.clear();
        run.count = 0;
    }

    private Result result() {
        runs.values().forEach(this::close);
        List<StoredLine> oldestFirst = new ArrayList<>(slots.size());
        for (int i = slots.size() - 1; i >= 0; i--) {
            Slot slot = slots.get(i);
            if (!slot.dropped) {
                oldestFirst.add(slot.line.withOrdinal(slot.ordinal));
            }
        }
        return new Result(oldestFirst, truncated);
    }
}
