// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.JsonWriter;

/**
 * JSON text for the two small files of the runtime directory that people read with their own
 * tools, {@code tokens.json} and {@code audit.log} (JSON lines): the model's writer of maps, lists,
 * strings, numbers and booleans, and a strict reader of the same. This module has no JSON library (its
 * wire format is MessagePack, and DESIGN §4 keeps jackson-databind off the daemon's path), and
 * both files are written by velos itself, so a small exact reader is all they need.
 *
 * <p>The reader returns {@code LinkedHashMap}s (keys in file order), {@code ArrayList}s,
 * {@code String}s, {@code Long}s (integers that fit), {@code Double}s and {@code Boolean}s; a JSON
 * {@code null} is left out of objects and arrays, since nothing velos writes has one. Nesting is
 * bounded ({@value #MAX_DEPTH}), so a hostile line costs a clear error, not a stack overflow.
 */
final class JsonText {
    static final int MAX_DEPTH = 32;

    private final String s;
    private int pos;

    private JsonText(String s) {
        this.s = s;
    }

    /** One JSON value as text; a value of any other type is written as its string ({@link JsonWriter}). */
    static String write(Object value) {
        return JsonWriter.write(value);
    }

    /** Parses one complete JSON value; throws {@link IllegalArgumentException} saying where it is malformed. */
    static Object parse(String text) {
        JsonText p = new JsonText(text);
        p.space();
        Object value = p.value(0);
        p.space();
        if (p.pos != text.length()) {
            throw p.error("text after the value");
        }
        return value;
    }

    /** Parses a JSON object; throws {@link IllegalArgumentException} for anything else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
        if (parse(text) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        space();
        if (peek('}')) {
            pos++;
            return map;
        }
        while (true) {
            space();
            if (!peek('"')) {
                throw error("expected a key");
            }
            String key = string();
            space();
            expect(':');
            space();
            Object v = value(depth + 1);
            if (v != null) {
                map.put(key, v);
            }
            space();
            if (peek(',')) {
                pos++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> list = new ArrayList<>();
        pos++;
        space();
        if (peek(']')) {
            pos++;
            return list;
        }
        while (true) {
            space();
            Object v = value(depth + 1);
            if (v != null) {
                list.add(v);
            }
            space();
            if (peek(',')) {
                pos++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= s.length()) {
                break;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw error("a short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("a bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("a bad escape \\" + e);
            }
        }
        throw error("an unterminated string");
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected character");
        }
        pos += word.length();
        return value;
    }

    private Number number() {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        String n = s.substring(start, pos);
        if (n.isEmpty() || !n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            pos = start;
            throw error("unexpected character");
        }
        if (n.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(n);
        }
        return Double.parseDouble(n);
    }

    private void space() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at character " + pos + ": " + what);
    }
}
