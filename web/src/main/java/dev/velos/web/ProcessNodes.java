// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.velos.ipc.ProcessJson;
import dev.velos.ipc.WireTypes;

/**
 * Process objects of the REST API and the WebSocket as Jackson trees, from the one mapping every
 * surface prints ({@link ProcessJson}): numeric {@code status} beside {@code status_str} (DESIGN §4).
 * Environment values are never included: they often hold secrets.
 */
final class ProcessNodes {
    private ProcessNodes() {
    }

    /** One {@code GET /api/processes} entry (REFERENCE §11.3): the {@code list --json} entry. */
    static ObjectNode summary(WireTypes.ProcessView v) {
        return HttpJson.MAPPER.valueToTree(ProcessJson.listEntry(v));
    }

    /** {@code GET /api/processes/{name}}: the {@code info --json} object of REFERENCE §8.6 and its extras, without env. */
    static ObjectNode detail(WireTypes.ProcessView v) {
        return HttpJson.MAPPER.valueToTree(ProcessJson.info(v, ProcessJson.Env.HIDDEN));
    }

    /**
     * The {@code data} of a WebSocket {@code process_update} (REFERENCE §11.4, with its short names
     * {@code memory} and {@code restarts}), plus {@code cpu_percent} and the ready state: with
     * {@code wait_ready}, "starting" means the ready message is still awaited.
     */
    static ObjectNode update(WireTypes.ProcessView v) {
        return HttpJson.MAPPER.valueToTree(ProcessJson.pick(ProcessJson.info(v, ProcessJson.Env.HIDDEN),
                "id", "id", "memory_bytes", "memory", "name", "name", "pid", "pid", "restart_count", "restarts",
                "status", "status", "status_str", "status_str", "uptime_ms", "uptime_ms", "cpu_percent", "cpu_percent",
                "wait_ready", "wait_ready", "status_text", "status_text"));
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
