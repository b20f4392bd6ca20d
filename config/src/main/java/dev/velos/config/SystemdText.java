// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

/**
 * Quoting for systemd unit files (systemd.syntax(7), systemd.service(5) "Command lines"):
 * {@code %} starts a specifier and must be doubled everywhere; on a command line {@code $} starts
 * a variable and must be doubled too, and a word with blanks, quotes, a backslash or a {@code ;}
 * is double-quoted with C-style escapes.
 */
final class SystemdText {
    private SystemdText() {
    }

    /** {@code text} with every {@code %} doubled, safe in any setting. */
    static String specifiers(String text) {
        return text.replace("%", "%%");
    }

    /** One command-line word: {@code web.py} as it is, {@code "hello world"} quoted. */
    static String word(String word) {
        String w = specifiers(word).replace("$", "$$");
        boolean plain = !w.isEmpty() && w.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\''
                || c == '\\' || c == ';' || c < 0x20);
        return plain ? w : quoted(w);
    }

    /** {@code Environment=} value for one variable: {@code "KEY=value"}, quoted and escaped. */
    static String assignment(String key, String value) {
        return quoted(specifiers(key + "=" + value));
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
