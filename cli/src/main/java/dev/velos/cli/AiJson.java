// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The {@code --ai} shapes of {@code list} and {@code info} (REFERENCE §8.5, §8.6): one compact
 * line, one-letter keys in alphabetical order, lower-case status strings, so an agent reading
 * the output spends few tokens on it.
 */
final class AiJson {
    private AiJson() {
    }

    /** {@code list --ai}: {@code c} CPU %, {@code i} id, {@code m} memory bytes, {@code n} name, {@code p} pid, {@code r} restarts, {@code s} status, {@code u} uptime ms. */
    static JsonArray list(List<ProcessView> views) {
        JsonArray a = Json.array();
        for (ProcessView v : views) {
            JsonObject o = a.addObject();
            o.put("c", v.cpuPercent());
            o.put("i", v.id());
            o.put("m", v.memoryBytes());
            o.put("n", v.name());
            o.put("p", v.pid());
            o.put("r", v.restartCount());
            o.put("s", Formats.status(v));
            o.put("u", v.uptimeMs());
        }
        return a;
    }

    /** {@code info --ai}: the list keys a model needs plus the full script and cwd. */
    static JsonObject info(ProcessView v) {
        JsonObject o = Json.object();
        o.put("cwd", v.cwd());
        o.put("m", v.memoryBytes());
        o.put("n", v.name());
        o.put("p", v.pid());
        o.put("r", v.restartCount());
        o.put("s", Formats.status(v));
        o.put("script", v.script());
        o.put("u", v.uptimeMs());
        return o;
    }

    /** {@code info --ai} of a cluster base name: one object per instance. */
    static JsonArray infos(List<ProcessView> views) {
        JsonArray a = Json.array();
        views.forEach(v -> a.add(info(v)));
        return a;
    }
}
