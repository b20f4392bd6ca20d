// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.ProcessStatus;

/**
 * The one mapping from a {@link WireTypes.ProcessView} to the JSON every surface prints: the
 * {@code list --json} entry and REST's process list (REFERENCE §8.5, §11.3), the {@code info --json}
 * object and REST's process detail (§8.6), and, picked and renamed from those, the compact forms
 * ({@code --ai}, the MCP tools, the WebSocket update). Values are plain (String, Integer, Long,
 * Double, Boolean, List, Map) in insertion-ordered maps, so cli writes them with jackson-core's
 * generator, web and mcp with their mapper, and ipc itself stays free of Jackson (DESIGN §4).
 *
 * <p>Why here: the view is ipc's type, every client surface requires ipc, and the key names are
 * part of the same contract as the view's fields; four copies in cli, web and mcp had drifted apart
 * ({@code info --json} lacked {@code last_exit_code}, REST lacked {@code log_error}).
 */
public final class ProcessJson {
    private ProcessJson() {
    }

    /** Whether {@link #info} includes the app's environment: only when the user asked to see it. */
    public enum Env {
        /** {@code env} is printed when the view carries it ({@code velos info --show-env}). */
        SHOWN,
        /** {@code env} is never printed (REST, MCP: environment values often hold secrets). */
        HIDDEN
    }

    /** {@code status_str}: the daemon's name for the status, else the name of the numeric code. */
    public static String status(WireTypes.ProcessView v) {
        if (v.statusStr() != null && !v.statusStr().isEmpty()) {
            return v.statusStr();
        }
        try {
            return ProcessStatus.ofCode(v.status()).wireName();
        } catch (IllegalArgumentException e) {
            return "unknown"; // a newer daemon's status: shown, not fatal to the client
        }
    }

    /**
     * One process list entry: REFERENCE §8.5's keys in order, {@code status_str} beside {@code status}
     * (DESIGN §4), then {@code waiting_reason} while the app waits and {@code log_error} while its log
     * files cannot be written.
     */
    public static Map<String, Object> listEntry(WireTypes.ProcessView v) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", v.id());
        o.put("name", v.name());
        o.put("pid", v.pid());
        o.put("status", v.status());
        o.put("status_str", status(v));
        o.put("memory_bytes", v.memoryBytes());
        o.put("uptime_ms", v.uptimeMs());
        o.put("restart_count", v.restartCount());
        o.put("cpu_percent", v.cpuPercent());
        if (v.orchestrationState().get("waiting_reason") instanceof String reason) {
            o.put("waiting_reason", reason);
        }
        if (v.logError() != null && !v.logError().isEmpty()) {
            o.put("log_error", v.logError());
        }
        return o;
    }

    /**
     * One process with its settings: the list entry, then REFERENCE §8.6's keys in its order with
     * {@code args}, {@code listen_timeout_ms} and the ready text among them, then the last exit, the
     * line counters, the issue 19 settings and state when there are any, and {@code env} when shown.
     * Strings the daemon leaves out are {@code ""} (auto interpreter, no cron, no reason).
     */
    public static Map<String, Object> info(WireTypes.ProcessView v, Env env) {
        Map<String, Object> o = listEntry(v);
        o.put("consecutive_crashes", v.consecutiveCrashes());
        o.put("last_restart_ms", v.lastRestartMs());
        o.put("script", v.script());
        o.put("args", v.args() == null ? List.of() : v.args());
        o.put("cwd", v.cwd());
        o.put("interpreter", text(v.interpreter()));
        o.put("kill_timeout_ms", v.killTimeoutMs());
        o.put("autorestart", v.autorestart());
        o.put("max_restarts", v.maxRestarts());
        o.put("min_uptime_ms", v.minUptimeMs());
        o.put("restart_delay_ms", v.restartDelayMs());
        o.put("exp_backoff", v.expBackoff());
        o.put("max_memory_restart", v.maxMemoryRestart());
        o.put("watch", v.watch());
        o.put("cron_restart", text(v.cronRestart()));
        o.put("wait_ready", v.waitReady());
        o.put("listen_timeout_ms", v.listenTimeoutMs());
        o.put("shutdown_with_message", v.shutdownWithMessage());
        o.put("status_text", text(v.statusText()));
        o.put("last_exit_code", v.lastExitCode());
        o.put("last_signal", v.lastSignal());
        o.put("last_restart_reason", text(v.lastRestartReason()));
        o.put("log_lines_out", v.logLinesOut());
        o.put("log_lines_err", v.logLinesErr());
        if (!v.orchestration().isEmpty()) {
            o.put("orchestration", v.orchestration());
        }
        if (!v.orchestrationState().isEmpty()) {
            o.put("orchestration_state", v.orchestrationState());
        }
        if (v.logFiles() != null && !v.logFiles().isEmpty()) {
            o.put("log_files", new LinkedHashMap<>(v.logFiles()));
        }
        if (v.listen() != null && !v.listen().isEmpty()) {
            o.put("listen", List.copyOf(v.listen()));
        }
        if (env == Env.SHOWN && v.env() != null && !v.env().isEmpty()) {
            o.put("env", v.env());
        }
        return o;
    }

    /**
     * A compact form derived from {@code full} (a {@link #listEntry} or {@link #info}): the keys named
     * in {@code renames}, given as pairs {@code full key, compact key}, in the order of the pairs; a
     * key {@code full} does not have (an absent {@code orchestration}) is left out; a new map, which
     * the caller may add to. For instance
     * {@code pick(listEntry(v), "cpu_percent", "c", "id", "i")} is {@code {"c": 2.5, "i": 1}}.
     */
    public static Map<String, Object> pick(Map<String, Object> full, String... renames) {
        if (renames.length % 2 != 0) {
            throw new IllegalArgumentException("renames come in pairs (full key, compact key), got " + renames.length);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < renames.length; i += 2) {
            if (full.containsKey(renames[i])) {
                o.put(renames[i + 1], full.get(renames[i]));
            }
        }
        return o;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
