// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import dev.velos.model.Level;

/**
 * The word rules of REFERENCE §9.2 step 3, without a regex: one pass over the message that cuts it
 * into word tokens exactly where a Unicode {@code \b} would (word characters are letters, digits,
 * marks and connector punctuation such as {@code _}), packs each all-ASCII-letter token of 3–10
 * letters case-insensitively into a {@code long} (5 bits a letter), and looks it up in a tiny
 * open-addressing table. So {@code ERROR:} matches, while {@code errors}, {@code TypeError},
 * {@code err_code} and {@code failing} do not.
 *
 * <p>Why not {@code java.util.regex}: four case-insensitive alternations with {@code \b} cost a
 * few microseconds a line, the budget is one microsecond for classification and templating
 * together, and this loop allocates nothing.
 *
 * <p>Priorities: fatal (10) over error (8) over warn (6) over debug (4), as in the reference, and
 * {@code info} last. {@code info} is not in the reference table; it is here because DESIGN §4
 * stops treating stderr as an error, so {@code INFO: ready} on stderr must come out as info rather
 * than fall through to the stderr default (warn). Ranking it below every reference word means it
 * only decides lines the reference rules leave unmatched ({@code INFO: debug mode} stays debug).
 */
final class LevelWords {
    /** No word matched. */
    static final int NONE = -1;

    private static final int MIN_LEN = 3;
    private static final int MAX_LEN = 10;
    /** ASCII character classes: 0 not a word character, 1–26 a letter (case folded), 27 digit or {@code _}. */
    private static final byte[] ASCII = new byte[128];
    private static final int OTHER_WORD = 27;
    private static final int TABLE_BITS = 6;
    private static final long[] KEYS = new long[1 << TABLE_BITS];
    /** Rank of each slot's word: higher wins. */
    private static final byte[] RANKS = new byte[1 << TABLE_BITS];
    /** Level ordinal by rank: info, debug, warn, error, fatal. */
    private static final int[] LEVEL_OF_RANK = {
        Level.INFO.ordinal(), Level.DEBUG.ordinal(), Level.WARN.ordinal(), Level.ERROR.ordinal(), Level.FATAL.ordinal()};
    private static final int TOP_RANK = LEVEL_OF_RANK.length - 1;

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII[c] = (byte) (c - 'a' + 1);
            ASCII[Character.toUpperCase(c)] = (byte) (c - 'a' + 1);
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = OTHER_WORD;
        }
        ASCII['_'] = OTHER_WORD;
        put(4, "fatal", "panic", "critical");
        put(3, "error", "err", "exception", "fail", "failed", "failure");
        put(2, "warn", "warning", "deprecated");
        put(1, "debug", "trace", "verbose");
        put(0, "info");
    }

    private LevelWords() {
    }

    /**
     * The level of the highest-priority word that occurs in {@code s} as a whole word, as a
     * {@link Level} ordinal, or {@link #NONE}.
     */
    static int scan(String s) {
        int best = NONE;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < 128 ? ASCII[c] == 0 : !isWordAt(s, i)) {
                i++;
                continue;
            }
            int start = i;
            long key = 0;
            boolean lettersOnly = true;
            while (i < n) {
                c = s.charAt(i);
                if (c < 128) {
                    int cls = ASCII[c];
                    if (cls == 0) {
                        break;
                    }
                    if (cls == OTHER_WORD) {
                        lettersOnly = false;
                    }
                    key = (key << 5) | cls;
                    i++;
                } else if (isWordAt(s, i)) {
                    lettersOnly = false;
                    i += Character.charCount(s.codePointAt(i));
                } else {
                    break;
                }
            }
            int len = i - start;
            if (lettersOnly && len >= MIN_LEN && len <= MAX_LEN) {
                int rank = lookup(key);
                if (rank > best) {
                    best = rank;
                    if (best == TOP_RANK) {
                        break;
                    }
                }
            }
        }
        return best == NONE ? NONE : LEVEL_OF_RANK[best];
    }

    /** True when the code point at {@code i} is a word character in the sense of Unicode {@code \w}. */
    private static boolean isWordAt(String s, int i) {
        int cp = s.codePointAt(i);
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.CONNECTOR_PUNCTUATION
                || type == Character.LETTER_NUMBER;
    }

    private static int lookup(long key) {
        int mask = KEYS.length - 1;
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            long k = KEYS[slot];
            if (k == key) {
                return RANKS[slot];
            }
            if (k == 0) {
                return NONE;
            }
        }
    }

    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - TABLE_BITS));
    }

    private static void put(int rank, String... words) {
        int mask = KEYS.length - 1;
        for (String word : words) {
            long key = 0;
            for (int i = 0; i < word.length(); i++) {
                key = (key << 5) | ASCII[word.charAt(i)];
            }
            int slot = slot(key);
            while (KEYS[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            KEYS[slot] = key;
            RANKS[slot] = (byte) rank;
        }
    }
}
