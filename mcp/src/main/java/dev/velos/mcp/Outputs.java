// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.velos.ipc.WireTypes.ProcessView;

/** The JSON objects the process tools answer with (REFERENCE §10.2), keys in alphabetical order like the original. */
final class Outputs {
    private Outputs() {
    }

    static String status(ProcessView v) {
        return v.statusStr() == null ? String.valueOf(v.status()) : v.statusStr().toLowerCase(Locale.ROOT);
    }

    /** {@code process_list} entry: memory in bytes, uptime in ms. */
    static Map<String, Object> listEntry(ProcessView v) {
        Map<String, Object> o = live(v);
        o.put("id", v.id());
        return o;
    }

    /** {@code process_info}: the list entry plus the settings a model needs to reason about restarts. No env. */
    static Map<String, Object> info(ProcessView v) {
        Map<String, Object> o = listEntry(v);
        o.put("args", v.args() == null ? java.util.List.of() : v.args());
        o.put("autorestart", v.autorestart());
        o.put("cpu_percent", v.cpuPercent());
        o.put("cwd", v.cwd());
        o.put("interpreter", v.interpreter() == null ? "" : v.interpreter());
        o.put("last_exit_code", v.lastExitCode());
        o.put("last_restart_reason", v.lastRestartReason() == null ? "" : v.lastRestartReason());
        o.put("max_restarts", v.maxRestarts());
        o.put("script", v.script());
        return o;
    }

    /** {@code metrics_snapshot} entry: the live numbers only. */
    static Map<String, Object> metrics(ProcessView v) {
        Map<String, Object> o = live(v);
        o.put("cpu_percent", v.cpuPercent());
        return o;
    }

    /** What every process shape has; a sorted map, so the keys come out in alphabetical order. */
    private static Map<String, Object> live(ProcessView v) {
        Map<String, Object> o = new TreeMap<>();
        o.put("memory", v.memoryBytes());
        o.put("name", v.name());
        o.put("pid", v.pid());
        o.put("restarts", v.restartCount());
        o.put("status", status(v));
        o.put("uptime_ms", v.uptimeMs());
        return o;
    }

    static Map<String, Object> done(String verb, String target) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("message", verb + " " + target);
        o.put("success", true);
        return o;
    }
}
