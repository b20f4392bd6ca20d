// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The {@code --json} shapes of REFERENCE §8.3–§8.7, built key by key so the order is the
 * documented one, with {@code status_str} beside every numeric {@code status} (DESIGN.md §4).
 * Pretty output looks like the original's ({@code "key": value}, two-space indent, {@code []}).
 */
final class Json {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY;
    private static final ObjectWriter COMPACT = MAPPER.writer();

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentArraysWith(indenter);
        printer.indentObjectsWith(indenter);
        PRETTY = MAPPER.writer(printer);
    }

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static String pretty(JsonNode node) {
        return write(PRETTY, node);
    }

    static String compact(JsonNode node) {
        return write(COMPACT, node);
    }

    private static String write(ObjectWriter writer, JsonNode node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** One {@code list --json} entry (REFERENCE §8.5 plus {@code status_str}). */
    static ObjectNode listEntry(ProcessView v) {
        ObjectNode o = object();
        o.put("id", v.id());
        o.put("name", v.name());
        o.put("pid", v.pid());
        status(o, v);
        o.put("memory_bytes", v.memoryBytes());
        o.put("uptime_ms", v.uptimeMs());
        o.put("restart_count", v.restartCount());
        o.put("cpu_percent", v.cpuPercent());
        logError(o, v);
        return o;
    }

    /** {@code log_error}, only while the app's log files cannot be written (disk full...). */
    private static void logError(ObjectNode o, ProcessView v) {
        if (v.logError() != null && !v.logError().isEmpty()) {
            o.put("log_error", v.logError());
        }
    }

    static ArrayNode list(List<ProcessView> views) {
        ArrayNode a = array();
        views.forEach(v -> a.add(listEntry(v)));
        return a;
    }

    /**
     * One {@code info --json} object: REFERENCE §8.6 keys in order, plus {@code status_str} and
     * {@code args}. Settings this daemon does not report yet (max_memory_restart, watch,
     * cron_restart, wait_ready, shutdown_with_message) are left out rather than invented.
     */
    static ObjectNode info(ProcessView v) {
        ObjectNode o = object();
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
        ArrayNode args = o.putArray("args");
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
        if (v.env() != null && !v.env().isEmpty()) {
            ObjectNode env = o.putObject("env");
            v.env().forEach(env::put);
        }
        return o;
    }

    /** One {@code logs --json} entry: numeric {@code stream} (0 out, 1 err) with {@code stream_str} beside it. */
    private static void status(ObjectNode o, ProcessView v) {
        o.put("status", v.status());
        o.put("status_str", Formats.status(v));
    }
}
