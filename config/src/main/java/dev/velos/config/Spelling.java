// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * "Did you mean": the known word a typed one most likely misspells. One owner for every such
 * suggestion, a config file's unknown key as well as {@code velos start <word>} with no app of
 * that name.
 */
public final class Spelling {
    private Spelling() {
    }

    /** The one of {@code known} {@code word} most likely misspells (a near miss, or a prefix either way), if any is close. */
    public static Optional<String> closest(String word, Collection<String> known) {
        List<String> sorted = known.stream().sorted().toList();
        String best = "";
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : sorted) {
            boolean prefix = word.length() >= 3 && (candidate.startsWith(word) || word.startsWith(candidate));
            int d = prefix ? Math.min(1, distance(word, candidate)) : distance(word, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, word.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
