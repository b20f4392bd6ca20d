// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.velos.model.Level;

/**
 * The filters of {@code velos logs} (REFERENCE §8.7) and the MCP log tools, in their order: level
 * set, grep, then the inclusive time bounds {@code since ≤ ts ≤ until}.
 *
 * <p>The grep pattern is compiled with RE2/J, whose matching time is linear in the input, so a
 * user's {@code (a+)+$} cannot hang the CLI or the MCP server the way a backtracking engine would.
 * It matches anywhere in the message (find, not full match). Immutable and thread-safe.
 */
public final class LogFilter implements Predicate<ClassifiedLine> {
    private static final LogFilter ALL = builder().build();

    private final Set<Level> levels;
    private final boolean allLevels;
    private final Pattern grep;
    private final long since;
    private final long until;

    private LogFilter(Builder b) {
        this.levels = b.levels.isEmpty() ? EnumSet.noneOf(Level.class) : EnumSet.copyOf(b.levels);
        this.allLevels = this.levels.size() == Level.values().length;
        this.grep = b.grep;
        this.since = b.since;
        this.until = b.until;
    }

    /** A filter that lets everything through. */
    public static LogFilter all() {
        return ALL;
    }

    /** A builder that starts with every level, no grep and unbounded times. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The levels named in a {@code --level} value: comma-separated, case-insensitive
     * ({@code debug}, {@code info}, {@code warn}/{@code warning}, {@code error}/{@code err},
     * {@code fatal}); unknown tokens are ignored, so the set may be empty, which then shows nothing.
     * {@code error} does not include {@code fatal}.
     */
    public static Set<Level> parseLevels(String csv) {
        Set<Level> out = EnumSet.noneOf(Level.class);
        for (String token : csv.split(",", -1)) {
            Level.parse(token).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public boolean test(ClassifiedLine line) {
        long ts = line.timestampMs();
        return (allLevels || levels.contains(line.level()))
                && ts >= since && ts <= until
                && (grep == null || grep.matcher(line.message()).find());
    }

    /** The lines that pass, in their order. */
    public List<ClassifiedLine> apply(List<ClassifiedLine> lines) {
        List<ClassifiedLine> out = new ArrayList<>();
        for (ClassifiedLine line : lines) {
            if (test(line)) {
                out.add(line);
            }
        }
        return out;
    }

    /** Configuration of a {@link LogFilter}. */
    public static final class Builder {
        private Set<Level> levels = EnumSet.allOf(Level.class);
        private Pattern grep;
        private long since = Long.MIN_VALUE;
        private long until = Long.MAX_VALUE;

        private Builder() {
        }

        /** Only lines with one of these levels; an empty set lets nothing through. */
        public Builder levels(Set<Level> levels) {
            this.levels = EnumSet.noneOf(Level.class);
            this.levels.addAll(levels);
            return this;
        }

        /** Only lines with a level named in {@code csv}, see {@link #parseLevels}. */
        public Builder levels(String csv) {
            return levels(parseLevels(csv));
        }

        /**
         * Only lines whose message contains a match of {@code regex} (RE2 syntax: no
         * backreferences or look-around).
         *
         * @throws LogQueryException {@code invalid grep pattern: <parser detail>}
         */
        public Builder grep(String regex) {
            Objects.requireNonNull(regex, "regex");
            try {
                this.grep = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new LogQueryException("invalid grep pattern: " + e.getMessage(), e);
            }
            return this;
        }

        /** Only lines at or after {@code epochMs} (see {@link TimeSpec#parse}). */
        public Builder since(long epochMs) {
            this.since = epochMs;
            return this;
        }

        /** Only lines at or before {@code epochMs}. */
        public Builder until(long epochMs) {
            this.until = epochMs;
            return this;
        }

        public LogFilter build() {
            return new LogFilter(this);
        }
    }
}
