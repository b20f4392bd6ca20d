// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.Level;

/**
 * Groups repeated lines by template (REFERENCE §9.4, with the DESIGN fix). Lines are taken in list
 * order; a line joins its template's open group when it comes at most {@code windowMs} after that
 * group's last line, otherwise it opens a new group. The earlier group is kept as its own result
 * (the original discarded it, losing its count).
 */
public final class Dedup {
    /** The reference window: 60 s. */
    public static final long DEFAULT_WINDOW_MS = 60_000;

    private static final Comparator<Group> ORDER = Comparator.comparingLong((Group g) -> g.count).reversed()
            .thenComparingLong(g -> g.firstSeen);

    private Dedup() {
    }

    /**
     * The groups of {@code lines}, by count descending, then first seen ascending, then creation
     * order.
     *
     * @param windowMs the longest gap, in ms, that still merges a line into its template's group; ≥ 0
     */
    public static List<DedupGroup> group(List<ClassifiedLine> lines, long windowMs) {
        if (windowMs < 0) {
            throw new IllegalArgumentException("windowMs must be >= 0, got " + windowMs);
        }
        Map<String, Group> open = new HashMap<>();
        List<Group> all = new ArrayList<>();
        for (ClassifiedLine line : lines) {
            String template = Templates.of(line.message());
            long ts = line.timestampMs();
            Group g = open.get(template);
            if (g != null && withinWindow(g.lastSeen, ts, windowMs)) {
                g.add(ts, line.level());
            } else {
                g = new Group(template, line);
                open.put(template, g);
                all.add(g);
            }
        }
        all.sort(ORDER);
        List<DedupGroup> out = new ArrayList<>(all.size());
        for (Group g : all) {
            out.add(new DedupGroup(g.template, g.count, g.firstSeen, g.lastSeen, g.level, g.sample));
        }
        return out;
    }

    /**
     * {@link #group} for lines handed over one at a time newest first (as {@link LogFileReader#newestFirst}
     * reads them), so dedupe over 200,000 lines from files holds one accumulator per open group,
     * never the lines (issue 14.8). Over lines with non-decreasing timestamps it makes the same
     * groups as {@link #group} over them oldest first: a line joins its template's group when the
     * group's oldest line came at most {@code windowMs} after it.
     */
    public static final class NewestFirst {
        private final long windowMs;
        private final Map<String, Group> open = new HashMap<>();
        private final List<Group> all = new ArrayList<>();
        /** Lines seen so far; a group's {@code position} is that count at its oldest line (larger = older). */
        private long seen;

        /** @param windowMs as in {@link #group}; ≥ 0 */
        public NewestFirst(long windowMs) {
            if (windowMs < 0) {
                throw new IllegalArgumentException("windowMs must be >= 0, got " + windowMs);
            }
            this.windowMs = windowMs;
        }

        /** Adds {@code line}, older than every line added before. */
        public void add(ClassifiedLine line) {
            seen++;
            String template = Templates.of(line.message());
            long ts = line.timestampMs();
            Group g = open.get(template);
            if (g != null && withinWindow(ts, g.firstSeen, windowMs)) {
                g.add(ts, line.level());
                g.sample = line.message(); // a group's sample is its oldest line
                g.position = seen;
            } else {
                g = new Group(template, line);
                g.position = seen;
                open.put(template, g);
                all.add(g);
            }
        }

        /** The groups so far, ordered as {@link #group} orders them. */
        public List<DedupGroup> build() {
            List<Group> sorted = new ArrayList<>(all);
            sorted.sort(ORDER.thenComparing(Comparator.comparingLong((Group g) -> g.position).reversed()));
            List<DedupGroup> out = new ArrayList<>(sorted.size());
            for (Group g : sorted) {
                out.add(new DedupGroup(g.template, g.count, g.firstSeen, g.lastSeen, g.level, g.sample));
            }
            return out;
        }
    }

    /** Saturating {@code ts − last ≤ window}: an out-of-order (earlier) line always merges. */
    private static boolean withinWindow(long last, long ts, long windowMs) {
        return ts <= last || (ts - last >= 0 && ts - last <= windowMs);
    }

    private static final class Group {
        final String template;
        String sample;
        long count = 1;
        long position;
        long firstSeen;
        long lastSeen;
        Level level;

        Group(String template, ClassifiedLine first) {
            this.template = template;
            this.sample = first.message();
            this.firstSeen = first.timestampMs();
            this.lastSeen = first.timestampMs();
            this.level = first.level();
        }

        void add(long ts, Level lineLevel) {
            count++;
            firstSeen = Math.min(firstSeen, ts);
            lastSeen = Math.max(lastSeen, ts);
            level = Level.max(level, lineLevel);
        }
    }
}
