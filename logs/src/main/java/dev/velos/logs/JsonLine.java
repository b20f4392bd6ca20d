// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import dev.velos.model.Level;

/**
 * Reads the two fields of a structured log line that the engine uses: the message must be one
 * complete, valid JSON object (surrounding whitespace allowed), and
 * <ul>
 *   <li>its level is a top-level {@code level} or {@code severity} member (key compared
 *       case-insensitively; {@code level} wins when both are present, the last of duplicates
 *       wins);</li>
 *   <li>its message is a top-level string {@code msg} or {@code message} member (case-insensitive;
 *       {@code msg}, pino's and bunyan's name, wins over {@code message}, winston's; the last of
 *       duplicates wins), which is what templates group on.</li>
 * </ul>
 * Anything else (malformed JSON, trailing text, no such key, a value of the wrong type) is "not
 * found", so the caller falls back to the plain-text rules.
 *
 * <p>A hand-written validating scanner rather than a JSON library: it allocates nothing for
 * members it skips, never throws, and nests without recursion (a 5 MB line of {@code [[[[} costs
 * a byte array, not a stack overflow). Level mapping:
 * <ul>
 *   <li>strings, lower-cased: {@code fatal panic critical crit emerg emergency alert} → fatal;
 *       {@code error err severe} → error; {@code warn warning} → warn;
 *       {@code debug trace verbose fine finer finest} → debug; anything else
 *       ({@code info}, {@code notice}, …) → info;</li>
 *   <li>numbers, as pino levels (10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal),
 *       other values by range: below 30 debug, [30, 40) info, [40, 50) warn, [50, 60) error,
 *       60 and above fatal.</li>
 * </ul>
 */
final class JsonLine {
    private static final byte OBJECT = 0;
    private static final byte ARRAY = 1;
    private static final int NO_KEY = 0;
    /** Key ranks: the preferred key of a pair ({@code level}, {@code msg}) outranks the other. */
    private static final int WEAK_KEY = 1;
    private static final int STRONG_KEY = 2;

    private final String s;
    private final int n;
    private int pos;
    private byte[] stack = new byte[8];

    /** What a caller keeps of one top-level member: given the key and value bounds, by position. */
    private interface Member {
        void accept(int keyFrom, int keyTo, int valueFrom, int valueTo);
    }

    private JsonLine(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** The level declared by the JSON object in {@code line}, or empty (see the class comment). */
    static Optional<Level> level(String line) {
        if (!startsWithBrace(line)) {
            return Optional.empty();
        }
        JsonLine json = new JsonLine(line);
        Level[] found = new Level[1];
        int[] foundRank = {NO_KEY};
        boolean valid = json.scan((kf, kt, vf, vt) -> {
            int rank = json.keyRank(kf, kt, "level", "severity");
            if (rank != NO_KEY && rank >= foundRank[0]) {
                Level level = json.valueLevel(vf, vt);
                if (level != null) {
                    found[0] = level;
                    foundRank[0] = rank;
                }
            }
        });
        return valid ? Optional.ofNullable(found[0]) : Optional.empty();
    }

    /** The message field of the JSON object in {@code line}, escapes resolved, or empty (see the class comment). */
    static Optional<String> message(String line) {
        if (!startsWithBrace(line)) {
            return Optional.empty();
        }
        JsonLine json = new JsonLine(line);
        int[] found = {-1, -1, NO_KEY};
        boolean valid = json.scan((kf, kt, vf, vt) -> {
            int rank = json.keyRank(kf, kt, "msg", "message");
            if (rank != NO_KEY && rank >= found[2] && line.charAt(vf) == '"') {
                found[0] = vf + 1;
                found[1] = vt - 1;
                found[2] = rank;
            }
        });
        return valid && found[2] != NO_KEY ? Optional.of(json.decoded(found[0], found[1])) : Optional.empty();
    }

    /** Whether {@code s} starts with {@code {}} after spaces or tabs: the cheap test before any scanning. */
    static boolean startsWithBrace(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '{') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return false;
    }

    /** Walks the top-level members of the one object that must be the whole text; false when it is not valid JSON. */
    private boolean scan(Member member) {
        skipWs();
        if (!consume('{')) {
            return false;
        }
        skipWs();
        if (consume('}')) {
            return end();
        }
        while (true) {
            skipWs();
            int keyStart = pos;
            if (!skipString()) {
                return false;
            }
            int keyEnd = pos;
            skipWs();
            if (!consume(':')) {
                return false;
            }
            skipWs();
            int valueStart = pos;
            if (!skipValue()) {
                return false;
            }
            member.accept(keyStart + 1, keyEnd - 1, valueStart, pos);
            skipWs();
            if (consume('}')) {
                return end();
            }
            if (!consume(',')) {
                return false;
            }
        }
    }

    private boolean end() {
        skipWs();
        return pos == n;
    }

    /**
     * Which of two keys the string body {@code [from, to)} is, case-insensitively: 2 for
     * {@code strong}, 1 for {@code weak}, 0 for neither; no allocation unless it has escapes.
     */
    private int keyRank(int from, int to, String strong, String weak) {
        String key = s;
        int start = from;
        int len = to - from;
        if (hasBackslash(from, to)) {
            key = decoded(from, to);
            start = 0;
            len = key.length();
        }
        if (len == strong.length() && key.regionMatches(true, start, strong, 0, len)) {
            return STRONG_KEY;
        }
        return len == weak.length() && key.regionMatches(true, start, weak, 0, len) ? WEAK_KEY : NO_KEY;
    }

    /** The level for the already validated value in {@code [from, to)}, or null when it is neither string nor number. */
    private Level valueLevel(int from, int to) {
        char c = s.charAt(from);
        if (c == '"') {
            return levelOfName(decoded(from + 1, to - 1).strip().toLowerCase(Locale.ROOT));
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return levelOfNumber(Double.parseDouble(s.substring(from, to)));
        }
        return null;
    }

    static Level levelOfName(String name) {
        return switch (name) {
            case "fatal", "panic", "critical", "crit", "emerg", "emergency", "alert" -> Level.FATAL;
            case "error", "err", "severe" -> Level.ERROR;
            case "warn", "warning" -> Level.WARN;
            case "debug", "trace", "verbose", "fine", "finer", "finest" -> Level.DEBUG;
            default -> Level.INFO;
        };
    }

    static Level levelOfNumber(double value) {
        if (value >= 60) {
            return Level.FATAL;
        }
        if (value >= 50) {
            return Level.ERROR;
        }
        if (value >= 40) {
            return Level.WARN;
        }
        return value >= 30 ? Level.INFO : Level.DEBUG;
    }

    /** The string content of a validated JSON string body {@code [from, to)}, escapes resolved. */
    private String decoded(int from, int to) {
        if (!hasBackslash(from, to)) {
            return s.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }

    private boolean hasBackslash(int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\\') {
                return true;
            }
        }
        return false;
    }

    private boolean skipValue() {
        if (pos >= n) {
            return false;
        }
        char c = s.charAt(pos);
        if (c == '{' || c == '[') {
            return skipContainer();
        }
        return skipScalar();
    }

    private boolean skipScalar() {
        if (pos >= n) {
            return false;
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '"' -> skipString();
            case 't' -> skipLiteral("true");
            case 'f' -> skipLiteral("false");
            case 'n' -> skipLiteral("null");
            default -> skipNumber();
        };
    }

    /**
     * Validates one array or object starting at {@code pos} without recursion: {@code stack}
     * holds the kind of every open container, {@code first} is true right after an opening bracket.
     */
    private boolean skipContainer() {
        int depth = 0;
        boolean first = true;
        boolean afterValue = false;
        push(depth++, s.charAt(pos++) == '{' ? OBJECT : ARRAY);
        while (depth > 0) {
            skipWs();
            if (pos >= n) {
                return false;
            }
            char c = s.charAt(pos);
            byte top = stack[depth - 1];
            char close = top == OBJECT ? '}' : ']';
            if ((first || afterValue) && c == close) {
                pos++;
                depth--;
                first = false;
                afterValue = true;
                continue;
            }
            if (afterValue) {
                if (c != ',') {
                    return false;
                }
                pos++;
                afterValue = false;
                continue;
            }
            first = false;
            if (top == OBJECT) {
                if (!skipString()) {
                    return false;
                }
                skipWs();
                if (!consume(':')) {
                    return false;
                }
                skipWs();
                if (pos >= n) {
                    return false;
                }
                c = s.charAt(pos);
            }
            if (c == '{' || c == '[') {
                push(depth++, c == '{' ? OBJECT : ARRAY);
                pos++;
                first = true;
            } else if (skipScalar()) {
                afterValue = true;
            } else {
                return false;
            }
        }
        return true;
    }

    private void push(int depth, byte kind) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth] = kind;
    }

    private boolean skipString() {
        if (!consume('"')) {
            return false;
        }
        while (pos < n) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                if (pos >= n) {
                    return false;
                }
                char e = s.charAt(pos++);
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        if (pos >= n || Character.digit(s.charAt(pos++), 16) < 0) {
                            return false;
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    return false;
                }
            }
        }
        return false;
    }

    /** JSON number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private boolean skipNumber() {
        consume('-');
        if (consume('0')) {
            // A leading zero stands alone.
        } else if (digits() == 0) {
            return false;
        }
        if (consume('.') && digits() == 0) {
            return false;
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            return digits() > 0;
        }
        return true;
    }

    private int digits() {
        int start = pos;
        while (pos < n && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    private boolean skipLiteral(String literal) {
        if (s.startsWith(literal, pos)) {
            pos += literal.length();
            return true;
        }
        return false;
    }

    private boolean consume(char c) {
        if (pos < n && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWs() {
        while (pos < n) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
