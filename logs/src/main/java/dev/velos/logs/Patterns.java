// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.Level;

/**
 * Pattern detection (REFERENCE §9.5): {@code now} is the latest timestamp, the window is
 * {@code [now − windowMs, now]}, its midpoint {@code now − windowMs + windowMs / 2}. Lines before
 * the window are ignored (and never normalised, which keeps a summary of a long log cheap). Per
 * template: count, most severe level, first/last seen, and lines before the midpoint vs at or
 * after it, which give the {@link Trend}.
 */
public final class Patterns {
    /** The reference minimum count: 5. */
    public static final int DEFAULT_MIN_FREQUENCY = 5;
    /** The reference window: 300 s. */
    public static final long DEFAULT_WINDOW_MS = 300_000;

    private static final Comparator<Acc> ORDER = Comparator.comparingLong((Acc a) -> a.count).reversed()
            .thenComparingLong(a -> a.firstSeen);

    private Patterns() {
    }

    /**
     * The templates seen at least {@code minFrequency} times in the window, by count descending,
     * then first seen ascending.
     */
    public static List<LogPattern> detect(List<ClassifiedLine> lines, int minFrequency, long windowMs) {
        if (windowMs < 0) {
            throw new IllegalArgumentException("windowMs must be >= 0, got " + windowMs);
        }
        if (lines.isEmpty()) {
            return List.of();
        }
        long now = Long.MIN_VALUE;
        for (ClassifiedLine line : lines) {
            now = Math.max(now, line.timestampMs());
        }
        Window window = new Window(now, windowMs);
        lines.forEach(window::add);
        return window.patterns(minFrequency);
    }

    /**
     * Pattern detection fed one line at a time, in any order, once {@code now} (the latest
     * timestamp) is known: what a streamed summary uses, holding one accumulator per template
     * seen in the window rather than the lines.
     */
    static final class Window {
        private final long windowStart;
        private final long midpoint;
        private final Map<String, Acc> groups = new HashMap<>();
        private final List<Acc> order = new ArrayList<>();

        Window(long now, long windowMs) {
            if (windowMs < 0) {
                throw new IllegalArgumentException("windowMs must be >= 0, got " + windowMs);
            }
            this.windowStart = saturatedSubtract(now, windowMs);
            this.midpoint = windowStart + windowMs / 2;
        }

        void add(ClassifiedLine line) {
            long ts = line.timestampMs();
            if (ts < windowStart) {
                return;
            }
            String template = Templates.of(line.message());
            Acc acc = groups.get(template);
            if (acc == null) {
                acc = new Acc(template, ts, line.level());
                groups.put(template, acc);
                order.add(acc);
            }
            acc.add(ts, line.level(), ts < midpoint);
        }

        /** The templates seen at least {@code minFrequency} times, by count descending, then first seen. */
        List<LogPattern> patterns(int minFrequency) {
            List<Acc> sorted = new ArrayList<>(order);
            sorted.sort(ORDER);
            List<LogPattern> out = new ArrayList<>();
            for (Acc a : sorted) {
                if (a.count >= minFrequency) {
                    out.add(new LogPattern(a.template, a.count, a.level, a.firstSeen, a.lastSeen, Trend.of(a.firstHalf, a.secondHalf)));
                }
            }
            return out;
        }
    }

    private static long saturatedSubtract(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    private static final class Acc {
        final String template;
        long count;
        long firstSeen;
        long lastSeen;
        long firstHalf;
        long secondHalf;
        Level level;

        Acc(String template, long ts, Level level) {
            this.template = template;
            this.firstSeen = ts;
            this.lastSeen = ts;
            this.level = level;
        }

        void add(long ts, Level lineLevel, boolean beforeMidpoint) {
            count++;
            firstSeen = Math.min(firstSeen, ts);
            lastSeen = Math.max(lastSeen, ts);
            level = Level.max(level, lineLevel);
            if (beforeMidpoint) {
                firstHalf++;
            } else {
                secondHalf++;
            }
        }
    }
}
