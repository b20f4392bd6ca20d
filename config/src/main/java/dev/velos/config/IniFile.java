// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An INI file read by supervisord's rules (Python's ConfigParser as supervisord sets it up):
 * {@code [section]} headers; {@code key = value} or {@code key: value}, keys case-insensitive;
 * lines starting with {@code ;} or {@code #} are comments, and so is {@code ;} after whitespace
 * inside a value; an indented line continues the value above it (joined with a newline).
 * Every value keeps the line it starts on.
 */
final class IniFile {
    /** One {@code key = value}, at its 1-based line. */
    record Entry(String key, String value, int line) {
    }

    /** One {@code [name]} section and its entries in file order. */
    record Section(String name, int line, Map<String, Entry> entries) {
    }

    private IniFile() {
    }

    /** The sections of {@code text}, in file order; a line that is none of the above is recorded in {@code errors}. */
    static List<Section> parse(String text, List<String> errors) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        String lastKey = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String s = raw.strip();
            int lineNo = i + 1;
            if (s.isEmpty() || s.startsWith(";") || s.startsWith("#")) {
                continue; // a blank line or a comment ends nothing: ConfigParser keeps continuing after comments
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            if (indented && current != null && lastKey != null) {
                Entry e = current.entries().get(lastKey);
                current.entries().put(lastKey, new Entry(e.key(), e.value() + "\n" + stripComment(s), e.line()));
                continue;
            }
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0) {
                    errors.add(lineNo + ": section header without ']': " + s);
                    continue;
                }
                current = new Section(s.substring(1, close).strip(), lineNo, new LinkedHashMap<>());
                sections.add(current);
                lastKey = null;
                continue;
            }
            int sep = separator(s);
            if (sep <= 0) {
                errors.add(lineNo + ": expected 'key = value', got: " + s);
                continue;
            }
            if (current == null) {
                errors.add(lineNo + ": '" + s.substring(0, sep).strip() + "' is outside any [section]");
                continue;
            }
            String key = s.substring(0, sep).strip().toLowerCase(Locale.ROOT);
            current.entries().put(key, new Entry(key, stripComment(s.substring(sep + 1).strip()), lineNo));
            lastKey = key;
        }
        return sections;
    }

    /** The first '=' or ':' (whichever comes first). */
    private static int separator(String s) {
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** The value without an inline {@code ;} comment (one preceded by whitespace). */
    private static String stripComment(String value) {
        for (int i = 1; i < value.length(); i++) {
            if (value.charAt(i) == ';' && Character.isWhitespace(value.charAt(i - 1))) {
                return value.substring(0, i).strip();
            }
        }
        return value;
    }
}
