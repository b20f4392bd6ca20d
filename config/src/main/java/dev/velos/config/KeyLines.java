// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each key of an app table was written in the file the user has, so that a problem names
 * its line: the TOML source itself ({@link SourceLines}), or, for a PM2, supervisord or
 * process-compose file translated to velos keys, the line of the key it came from.
 */
interface KeyLines {
    /** The 1-based line of {@code path} ({@code apps, web, kill_timeout}), else of its longest placed prefix, else 0. */
    int lineOf(List<String> path);

    /** Lines recorded one path at a time, as a translator meets the keys. */
    final class Recorded implements KeyLines {
        private final Map<List<String>, Integer> lines = new HashMap<>();

        /** Records {@code line} for {@code path} unless it already has one (the first mention wins). */
        void put(List<String> path, int line) {
            if (line > 0) {
                lines.putIfAbsent(List.copyOf(path), line);
            }
        }

        @Override
        public int lineOf(List<String> path) {
            for (int n = path.size(); n > 0; n--) {
                Integer line = lines.get(path.subList(0, n));
                if (line != null) {
                    return line;
                }
            }
            return 0;
        }
    }
}
