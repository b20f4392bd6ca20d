// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import dev.velos.model.Level;

/**
 * Finds the level of a structured log line: the message must be one complete, valid JSON object
 * (surrounding whitespace allowed) with a top-level {@code level} or {@code severity} member
 * (key compared case-insensitively; {@code level} wins when both are present, the last of
 * duplicates wins). Anything else (malformed JSON, trailing text, no such key, a value that is
 * neither string nor number) is "not found", so the caller falls back to the word rules.
 *
 * <p>A hand-written validating scanner rather than a JSON library: it allocates nothing for
 * members it skips, never throws, and nests without recursion (a 5 MB line of {@code [[[[} costs
 * a byte array, not a stack overflow). Value mapping:
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
final class JsonLevel {
    private static final byte OBJECT = 0;
    private static final byte ARRAY = 1;
    private static final int NO_KEY = 0;
    private static final int LEVEL_KEY = 2;
    private static final int SEVERITY_KEY = 1;

    private final String s;
    private final int n;
    private int pos;
    private byte[] stack = new byte[8];

    private JsonLevel(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** The level declared by the JSON object in {@code message}, or empty (see the class comment). */
    static Optional<Level> find(String message) {
        return new JsonLevel(message).parse();
    }

    private Optional<Level> parse() {
        skipWs();
        if (!consume('{')) {
            return Optional.empty();
        }
        Level found = null;
        int foundRank = NO_KEY;
        skipWs();
        if (consume('}')) {
            return Optional.empty();
        }
        while (true) {
            skipWs();
            int keyStart = pos;
            if (!skipString()) {
                return Optional.empty();
            }
            int rank = keyRank(keyStart + 1, pos - 1);
            skipWs();
            if (!consume(':')) {
                return Optional.empty();
            }
            skipWs();
            int valueStart = pos;
            if (!skipValue()) {
                return Optional.empty();
            }
            if (rank != NO_KEY && rank >= foundRank) {
                Level level = valueLevel(valueStart, pos);
                if (level != null) {
                    found = level;
                    foundRank = rank;
                }
            }
            skipWs();
            if (consume('}')) {
                return end() ? Optional.ofNullable(found) : Optional.empty();
            }
            if (!consume(',')) {
                return Optional.empty();
            }
        }
    }

    private boolean end() {
        skipWs();
        return pos == n;
    }

    /** Which of the two keys the string body {@code [from, to)} is; no allocation unless it has escapes. */
    private int keyRank(int from, int to) {
        String key = s;
        int start = from;
        int len = to - from;
        if (hasBackslash(from, to)) {
            key = decoded(from, to);
            start = 0;
            len = key.length();
        }
        if (len == 5 && key.regionMatches(true, start, "level", 0, 5)) {
            return LEVEL_KEY;
        }
        return len == 8 && key.regionMatches(true, start, "severity", 0, 8) ? SEVERITY_KEY : NO_KEY;
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
