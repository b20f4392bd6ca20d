// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Parameters;

/**
 * A command on one target: a name, a numeric id, a cluster base name (all its instances) or
 * {@code all}. The daemon resolves it and answers NOT_FOUND for unknown targets.
 */
abstract class TargetCommand extends ClientCommand {
    static final String ALL = "all";

    @Parameters(index = "0", paramLabel = "<target>", descriptionKey = "target")
    String targetArg;

    @Override
    String target() {
        return targetArg;
    }

    /** Whether the answer is a list (several entries, or {@code all}) rather than one entry. */
    boolean many(List<ProcessView> views) {
        return views.size() != 1 || ALL.equals(targetArg);
    }

    /**
     * The human report of REFERENCE §8.4: {@code [velos] Stopped process 'api' (id=1)}; for
     * {@code all} one line per entry; for a cluster {@code [velos] Stopped 4 instances of 'api'}.
     */
    List<String> report(String verb, String noun, List<ProcessView> views) {
        List<String> lines = new ArrayList<>();
        if (views.isEmpty()) {
            lines.add("[velos] No processes to " + noun);
        } else if (ALL.equals(targetArg)) {
            views.forEach(v -> lines.add("[velos] " + verb + " '" + v.name() + "' (id=" + v.id() + ")"));
        } else if (views.size() == 1) {
            ProcessView v = views.getFirst();
            lines.add("[velos] " + verb + " process '" + v.name() + "' (id=" + v.id() + ")");
        } else {
            lines.add("[velos] " + verb + " " + views.size() + " instances of '" + targetArg + "'");
        }
        return lines;
    }

    /** The output of restart and reload (REFERENCE §8.4): one line per entry, or the JSON shapes. */
    void printRespawned(List<ProcessView> views, String verb, String noun, String jsonKey) {
        if (json && many(views)) {
            JsonArray a = Json.array();
            views.forEach(v -> a.add(Json.object().put("id", v.id()).put("name", v.name())));
            out().println(Json.pretty(a));
        } else if (json) {
            out().println(Json.compact(Json.object().put(jsonKey, views.getFirst().id())));
        } else {
            report(verb, noun, views).forEach(out()::println);
        }
    }
}
