// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Predicate;

import dev.velos.model.LogFileFormat;
import dev.velos.model.LogStream;

/**
 * The lines of several log files (apps × streams) merged by time, newest first, pulled one at a
 * time: holds one cursor (one block, all blocks together within 8 MiB) and one pending line per
 * file, never the lines it has handed out; each file is open from the start of the merge until
 * its lines are read or the merge is closed. What {@code logs.read}, summaries and dedupe stream
 * from, so a read of 200,000 lines over 63 MB costs the same memory as one of 50 (issue 14.8).
 *
 * <p>Ties keep the order the old gather-then-sort read gave: of lines with the same timestamp, the
 * later file in {@code sources} and the later line in a file count as newer.
 */
final class NewestFirstMerge implements AutoCloseable {
    /**
     * One file to read and how its lines are labelled: {@code stream} for a line that does not say
     * its own (a file of one stream); of a file of both, only the lines of {@code only} are read.
     */
    record Source(int id, String name, LogStream stream, Path file, LogFileFormat format, boolean merged,
                  Predicate<LogStream> only) {
        Source(int id, String name, LogStream stream, Path file) {
            this(id, name, stream, file, LogFileFormat.TEXT, false, s -> true);
        }
    }

    private record Head(int index, LogFormat.FileLine line) {
    }

    /** Read blocks of all the files together, at most (each file's block is at least 4 KiB). */
    private static final int BLOCKS_BUDGET = 8 * 1024 * 1024;

    private final List<Source> sources;
    private final List<NewestFirstLines> cursors = new ArrayList<>();
    private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
        int byTime = Long.compare(b.line().timestampMs(), a.line().timestampMs());
        return byTime != 0 ? byTime : Integer.compare(b.index(), a.index());
    });

    NewestFirstMerge(List<Source> sources, long sinceMs) {
        this.sources = List.copyOf(sources);
        // Every app of a large install at once ("velos logs" of 2,000 apps: 4,000 files) must not
        // mean 4,000 blocks of 64 KiB: the blocks share one budget.
        int block = Math.min(NewestFirstLines.DEFAULT_BLOCK, BLOCKS_BUDGET / Math.max(1, this.sources.size()));
        for (int i = 0; i < this.sources.size(); i++) {
            Source s = this.sources.get(i);
            NewestFirstLines cursor = NewestFirstLines.open(s.file(), sinceMs, block, s.format(), s.merged());
            cursors.add(cursor);
            advance(i);
        }
    }

    /** The next newest line of all the files, classified, or empty when they are all read. */
    Optional<StoredLine> next() {
        Head head = heads.poll();
        if (head == null) {
            return Optional.empty();
        }
        advance(head.index());
        Source s = sources.get(head.index());
        LogFormat.FileLine l = head.line();
        return Optional.of(StoredLine.classified(s.id(), s.name(), l.stream().orElse(s.stream()), l.timestampMs(), l.text(),
                l.continued()));
    }

    private void advance(int index) {
        Source s = sources.get(index);
        for (var line = cursors.get(index).next(); line.isPresent(); line = cursors.get(index).next()) {
            if (s.only().test(line.get().stream().orElse(s.stream()))) {
                heads.add(new Head(index, line.get()));
                return;
            }
        }
    }

    @Override
    public void close() {
        cursors.forEach(NewestFirstLines::close);
        heads.clear();
    }
}
