// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems found in one config file, collected so that every mistake is reported at once,
 * each as {@code <file>:<line>: <message>} (or {@code <file>: <message>} when no line applies),
 * sorted by line.
 */
final class Problems {
    private record Problem(int line, String text) {
    }

    private final String file;
    private final KeyLines source;
    private final List<Problem> found = new ArrayList<>();

    Problems(String file, KeyLines source) {
        this.file = file;
        this.source = source;
    }

    /** A problem with the key at {@code path} (e.g. {@code apps, web, max_restarts}). */
    void at(List<String> path, String message) {
        found.add(new Problem(source.lineOf(path), locate(path, message)));
    }

    /** {@code <file>:<line>: <message>} for the key at {@code path}, as warnings are written too. */
    String locate(List<String> path, String message) {
        int line = source.lineOf(path);
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }

    /** A problem about the whole file. */
    void file(String message) {
        found.add(new Problem(0, file + ": " + message));
    }

    /** A problem that already names its own file and line (an env file's). */
    void verbatim(String message) {
        found.add(new Problem(0, message));
    }

    int count() {
        return found.size();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            // Stable: problems without a line keep their order, after the located ones.
            throw new ConfigException(found.stream()
                    .sorted(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()))
                    .map(Problem::text)
                    .toList());
        }
    }
}
