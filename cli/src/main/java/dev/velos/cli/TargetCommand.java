// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Parameters;

/**
 * A command on targets, as PM2 users type them ({@code velos stop a b}, {@code restart all}): each
 * a name, a numeric id, a cluster base name or {@code name:*} (all its instances) or {@code all}.
 * The daemon resolves each and answers NOT_FOUND for an unknown one; the targets are acted on in
 * the order given, and an entry named twice is acted on once.
 */
abstract class TargetCommand extends ClientCommand {
    static final String ALL = "all";

    @Parameters(index = "0", paramLabel = "<target>", descriptionKey = "target")
    String targetArg;

    /** Targets after the first ({@code velos stop a b c}). */
    @Parameters(index = "1..*", paramLabel = "<target>", descriptionKey = "more-targets")
    List<String> moreTargets = new ArrayList<>();

    /** The target that failed, for "not found" messages. */
    private String current;

    @Override
    String target() {
        return current != null ? current : targetArg;
    }

    /** Every target, in order; {@code name:*} is the cluster {@code name}. */
    List<String> targets() {
        List<String> all = new ArrayList<>();
        all.add(targetArg);
        all.addAll(moreTargets);
        return all.stream().map(t -> t.endsWith(":*") ? t.substring(0, t.length() - 2) : t).distinct().toList();
    }

    /**
     * {@code action} on each target in turn; the entries it answered for, each once, in order.
     * With several targets each is resolved first, so one unknown name is an error before
     * anything was done to the others ({@code velos stop api typo} stops nothing).
     */
    List<ProcessView> forEachTarget(VelosClient client, BiFunction<VelosClient, String, List<ProcessView>> action) {
        List<String> targets = targets();
        if (targets.size() > 1) {
            for (String t : targets) {
                current = t;
                client.info(t);
            }
        }
        java.util.Map<Integer, ProcessView> byId = new java.util.LinkedHashMap<>();
        for (String t : targets) {
            current = t;
            action.apply(client, t).forEach(v -> byId.putIfAbsent(v.id(), v));
        }
        current = null;
        return List.copyOf(byId.values());
    }

    /** Whether the answer is a list (several entries, several targets, or {@code all}) rather than one entry. */
    boolean many(List<ProcessView> views) {
        return views.size() != 1 || ALL.equals(targetArg) || targets().size() > 1;
    }

    /** Whether the report lists each entry (all, or several targets) rather than summing a cluster up. */
    private boolean eachLine() {
        return ALL.equals(targetArg) || targets().size() > 1;
    }

    /**
     * The human report of REFERENCE §8.4: {@code [velos] Stopped process 'api' (id=1)}; for
     * {@code all} one line per entry; for a cluster {@code [velos] Stopped 4 instances of 'api'}.
     */
    List<String> report(String verb, String noun, List<ProcessView> views) {
        List<String> lines = new ArrayList<>();
        if (views.isEmpty()) {
            lines.add("[velos] No processes to " + noun);
        } else if (eachLine()) {
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
