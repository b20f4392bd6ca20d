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

    /** One {@code list --json} entry (REFERENCE §8.5 plus {@code status_str}). */
    static JsonObject listEntry(ProcessView v) {
        JsonObject o = object();
        o.put("id", v.id());
        o.put("name", v.name());
        o.put("pid", v.pid());
        status(o, v);
        o.put("memory_bytes", v.memoryBytes());
        o.put("uptime_ms", v.uptimeMs());
        o.put("restart_count", v.restartCount());
        o.put("cpu_percent", v.cpuPercent());
        if (v.orchestrationState().get("waiting_reason") instanceof String reason) {
            o.put("waiting_reason", reason);
        }
        logError(o, v);
        return o;
    }

    /** {@code log_error}, only while the app's log files cannot be written (disk full...). */
    private static void logError(JsonObject o, ProcessView v) {
        if (v.logError() != null && !v.logError().isEmpty()) {
            o.put("log_error", v.logError());
        }
    }

    static JsonArray list(List<ProcessView> views) {
        JsonArray a = array();
        views.forEach(v -> a.add(listEntry(v)));
        return a;
    }

    /**
     * One {@code info --json} object: REFERENCE §8.6 keys in order, plus {@code status_str} and
     * {@code args}. Settings this daemon does not report yet (max_memory_restart, watch,
     * cron_restart, wait_ready, shutdown_with_message) are left out rather than invented.
     */
    static JsonObject info(ProcessView v) {
        JsonObject o = object();
        o.put("id", v.id());
        o.put("name", v.name());
        o.put("pid", v.pid());
        status(o, v);
        o.put("memory_bytes", v.memoryBytes());
        o.put("uptime_ms", v.uptimeMs());
        o.put("restart_count", v.restartCount());
        o.put("consecutive_crashes", v.consecutiveCrashes());
        o.put("last_restart_ms", v.lastRestartMs());
        o.put("script", v.script());
        JsonArray args = o.putArray("args");
        if (v.args() != null) {
            v.args().forEach(args::add);
        }
        o.put("cwd", v.cwd());
        o.put("interpreter", v.interpreter() == null ? "" : v.interpreter());
        o.put("kill_timeout_ms", v.killTimeoutMs());
        o.put("autorestart", v.autorestart());
        o.put("max_restarts", v.maxRestarts());
        o.put("min_uptime_ms", v.minUptimeMs());
        o.put("restart_delay_ms", v.restartDelayMs());
        o.put("exp_backoff", v.expBackoff());
        o.put("max_memory_restart", v.maxMemoryRestart());
        o.put("cron_restart", v.cronRestart() == null ? "" : v.cronRestart());
        o.put("wait_ready", v.waitReady());
        o.put("listen_timeout_ms", v.listenTimeoutMs());
        o.put("shutdown_with_message", v.shutdownWithMessage());
        o.put("last_restart_reason", v.lastRestartReason() == null ? "" : v.lastRestartReason());
        o.put("watch", v.watch());
        o.put("status_text", v.statusText() == null ? "" : v.statusText());
        logError(o, v);
        if (!v.orchestration().isEmpty()) {
            o.putPlain("orchestration", v.orchestration());
        }
        if (!v.orchestrationState().isEmpty()) {
            o.putPlain("orchestration_state", v.orchestrationState());
        }
        if (v.env() != null && !v.env().isEmpty()) {
            JsonObject env = o.putObject("env");
            v.env().forEach(env::put);
        }
        return o;
    }

    /** One {@code logs --json} entry: numeric {@code stream} (0 out, 1 err) with {@code stream_str} beside it. */
    private static void status(JsonObject o, ProcessView v) {
        o.put("status", v.status());
        o.put("status_str", Formats.status(v));
    }
}
