// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.velos.model.Level;
import dev.velos.model.LogStream;

/**
 * Decides the level of a log line, content first (DESIGN §4 "Classification"), first rule that
 * applies:
 * <ol>
 *   <li>the message (after leading whitespace) starts with {@code {}, is one valid JSON object and
 *       has a top-level {@code level} or {@code severity} string or pino number → that level
 *       (see {@link JsonLine} for the mapping);</li>
 *   <li>the word rules of REFERENCE §9.2 step 3, case-insensitive and whole-word, the highest
 *       priority match wins: {@code fatal panic critical} → fatal, {@code error err exception fail
 *       failed failure} → error, {@code warn warning deprecated} → warn, {@code debug trace
 *       verbose} → debug, and last {@code info} → info (see {@link LevelWords}). Unlike the original, a stderr line is not raised to
 *       warn: {@code INFO: ready} on stderr is info;</li>
 *   <li>nothing matched: stdout → info, stderr → warn.</li>
 * </ol>
 * The stream is never a level by itself: DESIGN §4 drops the original's "every stderr line is an
 * error". Malformed JSON never throws; it simply falls through to the word rules.
 *
 * <p>Stateless and thread-safe; the word rules allocate nothing.
 */
public final class Classifier {
    private static final Level[] LEVELS = Level.values();

    private Classifier() {
    }

    /** The level of {@code message}, read from {@code stream}. */
    public static Level classify(String message, LogStream stream) {
        Optional<Level> declared = JsonLine.level(message);
        if (declared.isPresent()) {
            return declared.get();
        }
        int word = LevelWords.scan(message);
        if (word != LevelWords.NONE) {
            return LEVELS[word];
        }
        return stream.defaultLevel();
    }

    /** {@code line} with its level. */
    public static ClassifiedLine classify(RawLine line) {
        return new ClassifiedLine(line.timestampMs(), line.stream(), classify(line.message(), line.stream()), line.message());
    }

    /**
     * A line whose level may already be {@code decided} (by the daemon, when it stored or read the
     * line): then that level, never classified again; else through the classifier.
     */
    public static ClassifiedLine classify(RawLine line, Optional<Level> decided) {
        return decided.map(level -> new ClassifiedLine(line.timestampMs(), line.stream(), level, line.message()))
                .orElseGet(() -> classify(line));
    }

    /** Every line classified, in the same order. */
    public static List<ClassifiedLine> classifyAll(List<RawLine> lines) {
        List<ClassifiedLine> out = new ArrayList<>(lines.size());
        for (RawLine line : lines) {
            out.add(classify(line));
        }
        return out;
    }
}
