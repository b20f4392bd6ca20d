// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where each key of a TOML file is written, so a semantic error ("max_restarts must be >= -1")
 * can name its line. Jackson's tree keeps no locations, so this re-reads the source text: table
 * headers ({@code [apps.web]}, {@code [[x]]}) set the current table, and each {@code key = ...}
 * line records {@code table + key} (dotted and quoted keys included). Text inside multi-line
 * strings is skipped. It is a locator, not a parser: the file has already been parsed by
 * Jackson, and a key it cannot place (inside an inline table, say) falls back to the line of
 * the nearest enclosing table or key that it did place.
 */
final class SourceLines {
    private SourceLines() {
    }

    static KeyLines of(String text) {
        KeyLines.Recorded lines = new KeyLines.Recorded();
        List<String> table = List.of();
        String openDelimiter = null;
        List<String> all = text.lines().toList();
        for (int i = 0; i < all.size(); i++) {
            String s = all.get(i).strip();
            if (openDelimiter != null) {
                openDelimiter = count(s, openDelimiter) % 2 == 1 ? null : openDelimiter;
                continue;
            }
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (s.startsWith("[")) {
                boolean array = s.startsWith("[[");
                int close = s.indexOf(array ? "]]" : "]");
                Optional<List<String>> keys = close < 0 ? Optional.empty()
                        : keyPath(s.substring(array ? 2 : 1, close));
                if (keys.isPresent()) {
                    table = keys.get();
                    record(lines, table, i + 1);
                }
                continue;
            }
            int eq = equalsOutsideQuotes(s);
            if (eq > 0) {
                Optional<List<String>> keys = keyPath(s.substring(0, eq));
                if (keys.isPresent()) {
                    List<String> path = new ArrayList<>(table);
                    path.addAll(keys.get());
                    record(lines, path, i + 1);
                }
                openDelimiter = multiLineStart(s.substring(eq + 1));
            }
        }
        return lines;
    }

    /** Records {@code path} and each of its prefixes (a table is first mentioned where a key inside it is). */
    private static void record(KeyLines.Recorded lines, List<String> path, int line) {
        for (int n = 1; n <= path.size(); n++) {
            lines.put(path.subList(0, n), line);
        }
    }

    /** A dotted key ({@code a."b.c".'d'}) split into its parts, or empty if it is not one. */
    private static Optional<List<String>> keyPath(String text) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return Optional.empty();
            }
            char c = text.charAt(i);
            int end;
            if (c == '"' || c == '\'') {
                end = closingQuote(text, i);
                if (end < 0) {
                    return Optional.empty();
                }
                parts.add(c == '"' ? unescape(text.substring(i + 1, end)) : text.substring(i + 1, end));
                end++;
            } else {
                end = i;
                while (end < n && isBareKeyChar(text.charAt(end))) {
                    end++;
                }
                if (end == i) {
                    return Optional.empty();
                }
                parts.add(text.substring(i, end));
            }
            i = end;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return Optional.of(List.copyOf(parts));
            }
            if (text.charAt(i) != '.') {
                return Optional.empty();
            }
            i++;
        }
    }

    private static boolean isBareKeyChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static int closingQuote(String text, int open) {
        char quote = text.charAt(open);
        for (int j = open + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (quote == '"' && c == '\\') {
                j++;
            } else if (c == quote) {
                return j;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static int equalsOutsideQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                int end = closingQuote(s, i);
                if (end < 0) {
                    return -1;
                }
                i = end;
            } else if (c == '=') {
                return i;
            }
        }
        return -1;
    }

    /** The delimiter of a multi-line string the value opens and does not close on this line, else null. */
    private static String multiLineStart(String value) {
        for (String delimiter : List.of("\"\"\"", "'''")) {
            if (count(value, delimiter) % 2 == 1) {
                return delimiter;
            }
        }
        return null;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
