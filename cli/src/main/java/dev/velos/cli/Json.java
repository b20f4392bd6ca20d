// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import dev.velos.ipc.ProcessJson;
import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The {@code --json} shapes of REFERENCE §8.3–§8.7, built key by key so the order is the
 * documented one, with {@code status_str} beside every numeric {@code status} (DESIGN.md §4).
 * Pretty output looks like the original's ({@code "key": value}, two-space indent, {@code []}).
 * Written with jackson-core's streaming generator: no databind on a command's path.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final CharacterEscapes ESCAPES = new TerminalSafeEscapes();

    private Json() {
    }

    static JsonObject object() {
        return new JsonObject();
    }

    static JsonArray array() {
        return new JsonArray();
    }

    static String pretty(Object value) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentArraysWith(indenter);
        printer.indentObjectsWith(indenter);
        return write(value, printer);
    }

    static String compact(Object value) {
        return write(value, null);
    }

    private static String write(Object value, DefaultPrettyPrinter printer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCharacterEscapes(ESCAPES);
            if (printer != null) {
                g.setPrettyPrinter(printer);
            }
            write(g, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Long n -> g.writeNumber(n);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            case JsonObject o -> {
                g.writeStartObject();
                for (Map.Entry<String, Object> e : o.fields().entrySet()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case JsonArray a -> {
                g.writeStartArray();
                for (Object item : a.items()) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            // Values read from velos's own JSON files (tokens, the audit trail) as maps and lists.
            case Integer n -> g.writeNumber(n);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Iterable<?> items -> {
                g.writeStartArray();
                for (Object item : items) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    /**
     * JSON's own escapes (C0, quote, backslash) plus {@code \}{@code uXXXX} for the other characters
     * a terminal acts on ({@link TerminalText#isControl}: DEL, C1, bidi overrides): the decoded
     * text is the same, and {@code velos logs --json} printed to a terminal cannot drive it.
     */
    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return TerminalText.isControl(ch) ? new SerializedString(String.format(java.util.Locale.ROOT, "\\u%04X", ch)) : null;
        }
    }

    /** {@code list --json}: one entry per process, the one mapping of every surface ({@link ProcessJson#listEntry}). */
    static JsonArray list(List<ProcessView> views) {
        JsonArray a = array();
        views.forEach(v -> a.add(ProcessJson.listEntry(v)));
        return a;
    }

    /**
     * One {@code info --json} object ({@link ProcessJson#info}): REFERENCE §8.6's keys in order with
     * the extras REST has too, and {@code env} when the user asked for it ({@code --show-env}).
     */
    static Map<String, Object> info(ProcessView v) {
        return ProcessJson.info(v, ProcessJson.Env.SHOWN);
    }
}
