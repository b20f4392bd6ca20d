// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.velos.ipc.WireTypes;

/**
 * Process objects of the REST API and the WebSocket, numeric {@code status} beside
 * {@code status_str} (DESIGN §4). Environment values are never included: they often hold secrets.
 */
final class ProcessJson {
    private ProcessJson() {
    }

    /** One {@code GET /api/processes} entry (REFERENCE §11.3). */
    static ObjectNode summary(WireTypes.ProcessView v) {
        ObjectNode o = HttpJson.object();
        o.put("id", v.id());
        o.put("name", v.name());
        o.put("pid", v.pid());
        o.put("status", v.status());
        o.put("status_str", v.statusStr());
        o.put("memory_bytes", v.memoryBytes());
        o.put("uptime_ms", v.uptimeMs());
        o.put("restart_count", v.restartCount());
        o.put("cpu_percent", v.cpuPercent());
        if (v.orchestrationState().get("waiting_reason") instanceof String reason) {
            o.put("waiting_reason", reason);
        }
        return o;
    }

    /** {@code GET /api/processes/{name}}: the {@code info --json} keys of REFERENCE §8.6 and the extras. */
    static ObjectNode detail(WireTypes.ProcessView v) {
        ObjectNode o = summary(v);
        o.put("consecutive_crashes", v.consecutiveCrashes());
        o.put("last_restart_ms", v.lastRestartMs());
        o.put("script", v.script());
        var args = o.putArray("args");
        if (v.args() != null) {
            v.args().forEach(args::add);
        }
        o.put("cwd", v.cwd());
        o.put("interpreter", nonNull(v.interpreter()));
        o.put("kill_timeout_ms", v.killTimeoutMs());
        o.put("autorestart", v.autorestart());
        o.put("max_restarts", v.maxRestarts());
        o.put("min_uptime_ms", v.minUptimeMs());
        o.put("restart_delay_ms", v.restartDelayMs());
        o.put("exp_backoff", v.expBackoff());
        o.put("max_memory_restart", v.maxMemoryRestart());
        o.put("watch", v.watch());
        o.put("cron_restart", nonNull(v.cronRestart()));
        o.put("wait_ready", v.waitReady());
        o.put("status_text", nonNull(v.statusText()));
        o.put("listen_timeout_ms", v.listenTimeoutMs());
        o.put("shutdown_with_message", v.shutdownWithMessage());
        o.put("last_exit_code", v.lastExitCode());
        o.put("last_signal", v.lastSignal());
        o.put("last_restart_reason", nonNull(v.lastRestartReason()));
        o.put("log_lines_out", v.logLinesOut());
        o.put("log_lines_err", v.logLinesErr());
        if (!v.orchestration().isEmpty()) {
            o.set("orchestration", HttpJson.MAPPER.valueToTree(v.orchestration()));
        }
        if (!v.orchestrationState().isEmpty()) {
            o.set("orchestration_state", HttpJson.MAPPER.valueToTree(v.orchestrationState()));
        }
        return o;
    }

    /** The {@code data} of a WebSocket {@code process_update} (REFERENCE §11.4). */
    static ObjectNode update(WireTypes.ProcessView v) {
        ObjectNode o = HttpJson.object();
        o.put("id", v.id());
        o.put("memory", v.memoryBytes());
        o.put("name", v.name());
        o.put("pid", v.pid());
        o.put("restarts", v.restartCount());
        o.put("status", v.status());
        o.put("status_str", v.statusStr());
        o.put("uptime_ms", v.uptimeMs());
        o.put("cpu_percent", v.cpuPercent());
        // The ready state: with wait_ready, "starting" means the ready message is still awaited.
        o.put("wait_ready", v.waitReady());
        o.put("status_text", nonNull(v.statusText()));
        return o;
    }

    /** A lifecycle event for the WebSocket and the REST clients. */
    static ObjectNode event(WireTypes.EventView e) {
        ObjectNode o = HttpJson.object();
        o.put("event", e.type());
        o.put("id", e.id());
        o.put("name", e.name());
        o.put("at_ms", e.atMs());
        o.put("pid", e.pid());
        o.put("exit_code", e.exitCode());
        o.put("signal", e.signal());
        o.put("reason", nonNull(e.reason()));
        return o;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
