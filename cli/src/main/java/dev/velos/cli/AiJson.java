// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;
import java.util.Map;

import dev.velos.ipc.ProcessJson;
import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The {@code --ai} shapes of {@code list} and {@code info} (REFERENCE §8.5, §8.6): one compact
 * line, one-letter keys in alphabetical order, lower-case status strings, so an agent reading
 * the output spends few tokens on it. Derived from the {@code --json} objects ({@link ProcessJson}),
 * so both always say the same.
 */
final class AiJson {
    private AiJson() {
    }

    /** {@code list --ai}: {@code c} CPU %, {@code i} id, {@code m} memory bytes, {@code n} name, {@code p} pid, {@code r} restarts, {@code s} status, {@code u} uptime ms. */
    static JsonArray list(List<ProcessView> views) {
        JsonArray a = Json.array();
        for (ProcessView v : views) {
            a.add(ProcessJson.pick(ProcessJson.listEntry(v), "cpu_percent", "c", "id", "i", "memory_bytes", "m", "name", "n",
                    "pid", "p", "restart_count", "r", "status_str", "s", "uptime_ms", "u"));
        }
        return a;
    }

    /** {@code info --ai}: the list keys a model needs plus the full script and cwd. */
    static Map<String, Object> info(ProcessView v) {
        return ProcessJson.pick(ProcessJson.info(v, ProcessJson.Env.HIDDEN), "cwd", "cwd", "memory_bytes", "m",
                "name", "n", "pid", "p", "restart_count", "r", "status_str", "s", "script", "script", "uptime_ms", "u");
    }

    /** {@code info --ai} of a cluster base name: one object per instance. */
    static JsonArray infos(List<ProcessView> views) {
        JsonArray a = Json.array();
        views.forEach(v -> a.add(info(v)));
        return a;
    }
}
