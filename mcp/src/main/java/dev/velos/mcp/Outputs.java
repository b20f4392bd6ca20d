// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import dev.velos.ipc.ProcessJson;
import dev.velos.ipc.SummaryJson;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.ipc.WireTypes.SummaryView;

/**
 * The JSON objects the tools answer with (REFERENCE §10.2): the process shapes with keys in
 * alphabetical order like the original, the log summary in REFERENCE §9.6's order.
 */
final class Outputs {
    private Outputs() {
    }

    /** The status string of the tools (REFERENCE §10.2), {@code status_str} of the one process mapping. */
    static String status(ProcessView v) {
        return ProcessJson.status(v);
    }

    /** {@code process_list} entry: memory in bytes, uptime in ms, no CPU (REFERENCE §10.2). */
    static Map<String, Object> listEntry(ProcessView v) {
        Map<String, Object> o = live(ProcessJson.listEntry(v));
        o.put("id", v.id());
        return o;
    }

    /** {@code process_info}: the list entry plus the settings a model needs to reason about restarts. No env. */
    static Map<String, Object> info(ProcessView v) {
        Map<String, Object> full = ProcessJson.info(v, ProcessJson.Env.HIDDEN);
        Map<String, Object> o = live(full);
        o.putAll(ProcessJson.pick(full, "id", "id", "args", "args", "autorestart", "autorestart", "cpu_percent",
                "cpu_percent", "cwd", "cwd", "interpreter", "interpreter", "last_exit_code", "last_exit_code",
                "last_restart_reason", "last_restart_reason", "max_restarts", "max_restarts", "script", "script",
                "orchestration", "orchestration", "orchestration_state", "orchestration_state"));
        return o;
    }

    /** {@code metrics_snapshot} entry: the live numbers only. */
    static Map<String, Object> metrics(ProcessView v) {
        Map<String, Object> full = ProcessJson.listEntry(v);
        Map<String, Object> o = live(full);
        o.put("cpu_percent", full.get("cpu_percent"));
        return o;
    }

    /**
     * What every process shape has, named as REFERENCE §10.2 names them ({@code memory},
     * {@code restarts}, {@code status} the status string); a sorted map, so the keys come out in
     * alphabetical order like the original's.
     */
    private static Map<String, Object> live(Map<String, Object> full) {
        return new TreeMap<>(ProcessJson.pick(full, "memory_bytes", "memory", "name", "name", "pid", "pid",
                "restart_count", "restarts", "status_str", "status", "uptime_ms", "uptime_ms"));
    }

    /**
     * {@code log_summary}: the LogSummary of REFERENCE §9.6 with its documented keys in its order
     * ({@link SummaryJson}, as every surface prints it), so a client written against the documented
     * tool reads it as it is. Short keys are for {@code --ai} output only.
     */
    static Map<String, Object> summary(SummaryView s) {
        return SummaryJson.of(s);
    }

    /** One object for one process, an array for a cluster base name (whose target reaches each instance). */
    static <T> Object oneOrMany(List<T> items, Function<T, ?> shape) {
        return items.size() == 1 ? shape.apply(items.getFirst()) : items.stream().map(shape).toList();
    }

    static Map<String, Object> done(String verb, String target) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("message", verb + " " + target);
        o.put("success", true);
        return o;
    }
}
