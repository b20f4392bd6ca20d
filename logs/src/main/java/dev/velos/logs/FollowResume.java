// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.List;
import java.util.Objects;

import dev.velos.model.LogStream;

/**
 * Where a follower that lost its connection (a daemon restart hands the apps to a new daemon, and
 * the old one's streams end with it) picks up again, so that it gets every line it missed and none
 * twice: for each app and stream it had lines of, the last one it got ({@link Mark}); for the
 * others, every line stamped at or after {@code afterMs} (when it began following).
 *
 * <p>A line's place is its timestamp (milliseconds, as in the file) and its ordinal among the
 * lines of its app and stream with that same timestamp: one read of a pipe stamps all its lines
 * alike, so the timestamp alone does not tell them apart. Both are the same whether a line came
 * live or was read back from the files, which is what lets a new daemon continue where the old
 * one's stream stopped. The limit: lines stamped out of order (the wall clock set back) are
 * placed by their stamp, so a follower that resumes after such a step may miss the lines stamped
 * before its mark.
 *
 * @param afterMs the first timestamp of an app and stream with no mark; {@link #NONE}: no resume
 * @param marks   the last line seen, per app and stream
 */
public record FollowResume(long afterMs, List<Mark> marks) {
    /** Not a resume: a new follower (its history is the newest lines it asked for). */
    public static final FollowResume NONE = new FollowResume(-1, List.of());

    public FollowResume {
        marks = List.copyOf(marks);
    }

    /** The last line a follower got of {@code name}'s {@code stream}. */
    public record Mark(String name, LogStream stream, long timestampMs, int ordinal) {
        public Mark {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(stream, "stream");
        }
    }

    public boolean isResume() {
        return afterMs >= 0;
    }

    /** The earliest timestamp a resume needs to read back to. */
    long earliestMs() {
        long earliest = afterMs;
        for (Mark m : marks) {
            earliest = Math.min(earliest, m.timestampMs());
        }
        return Math.max(0, earliest);
    }
}
