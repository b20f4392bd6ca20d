// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Objects;

import dev.velos.model.Level;
import dev.velos.model.LogStream;

/**
 * A line as {@link LogStore} hands it out, read from the files or followed live, with its level
 * decided once here ({@link Classifier}) so that no reader downstream classifies it again.
 *
 * @param id          the process id the reader asked about (0 for a line from velos itself)
 * @param name        the app
 * @param stream      stdout or stderr
 * @param timestampMs when the daemon received it (0 for a stored line without a valid timestamp)
 * @param text        the line without its newline
 * @param continued   a piece continuing a line cut at the length cap
 * @param level       as {@link Classifier#classify(String, LogStream)} decides it
 * @param ordinal     its place among the lines of its app and stream stamped with the same millisecond
 *                    (1 for the first): with {@code timestampMs}, where a follower that lost its
 *                    connection resumes ({@link FollowResume}); 0 when unknown (a line from velos itself)
 */
public record StoredLine(int id, String name, LogStream stream, long timestampMs, String text, boolean continued,
                         Level level, int ordinal) {
    public StoredLine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(level, "level");
    }

    /** A line whose ordinal is not known (a note from velos, a line read without counting its millisecond). */
    public StoredLine(int id, String name, LogStream stream, long timestampMs, String text, boolean continued, Level level) {
        this(id, name, stream, timestampMs, text, continued, level, 0);
    }

    /** This line at {@code value} among its app's and stream's lines of the same millisecond. */
    public StoredLine withOrdinal(int value) {
        return new StoredLine(id, name, stream, timestampMs, text, continued, level, value);
    }

    /** A line with the level the classifier gives it. */
    public static StoredLine classified(int id, String name, LogStream stream, long timestampMs, String text, boolean continued) {
        return new StoredLine(id, name, stream, timestampMs, text, continued, Classifier.classify(text, stream));
    }

    /** The line as the smart log engine's unit (filter, dedup, summary), without classifying again. */
    public ClassifiedLine toClassified() {
        return new ClassifiedLine(timestampMs, stream, level, text);
    }

    /**
     * Told to a follower that fell too far behind, as an ordinary line that any client prints as it
     * prints a line (from "velos", on stderr, a warning): the lines are in the files, not in the stream.
     */
    static StoredLine gap(long dropped, long nowMs) {
        return new StoredLine(0, "velos", LogStream.STDERR, nowMs,
                "[velos] " + dropped + " line(s) dropped: this client fell behind (they are in the log files)", false, Level.WARN);
    }
}
