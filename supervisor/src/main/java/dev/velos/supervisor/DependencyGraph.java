// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.AppNames;
import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;

/**
 * The {@code depends_on} graph of a table of specs: checked whole before anything starts (an
 * unknown name or a cycle is refused, naming the apps), and asked which entries a dependency
 * name means — the app of that name, or every instance of a cluster of that name. Pure.
 */
final class DependencyGraph {
    private DependencyGraph() {
    }

    /**
     * Checks the graph of {@code existing} with {@code incoming} added (replacing specs of the same
     * name): every dependency names an app (unless {@code allowUnknown}), and there is no cycle.
     * Throws {@code INVALID_ARGUMENT} naming the unknown app or the cycle ({@code a -> b -> a}).
     */
    static void check(Collection<AppSpec> existing, Collection<AppSpec> incoming, boolean allowUnknown) {
        Map<String, AppSpec> all = new LinkedHashMap<>();
        existing.forEach(s -> all.put(s.name(), s));
        incoming.forEach(s -> all.put(s.name(), s));
        if (incoming.stream().allMatch(s -> s.orchestration().dependsOn().isEmpty())
                && existing.stream().allMatch(s -> s.orchestration().dependsOn().isEmpty() || !dependsOnAny(s, incoming))) {
            return; // nothing new can close a cycle or name a missing app
        }
        for (AppSpec spec : incoming) {
            for (String dep : spec.orchestration().dependsOn().keySet()) {
                if (!allowUnknown && resolve(dep, all.keySet()).isEmpty()) {
                    throw new SupervisorException(ErrorCode.INVALID_ARGUMENT, "process '" + spec.name()
                            + "' depends on '" + dep + "', which does not exist; start it in the same batch or first");
                }
            }
        }
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (String name : all.keySet()) {
            List<String> path = new ArrayList<>();
            cycleFrom(name, all, state, path);
        }
    }

    private static boolean dependsOnAny(AppSpec spec, Collection<AppSpec> incoming) {
        return incoming.stream().anyMatch(s -> spec.orchestration().dependsOn().containsKey(s.name())
                || spec.orchestration().dependsOn().containsKey(AppNames.baseOf(s.name())));
    }

    private static void cycleFrom(String name, Map<String, AppSpec> all, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(name);
        if (seen != null && seen == 2) {
            return;
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new SupervisorException(ErrorCode.INVALID_ARGUMENT, "dependency cycle: " + String.join(" -> ", cycle)
                    + "; nothing was started");
        }
        state.put(name, 1);
        path.add(name);
        AppSpec spec = all.get(name);
        if (spec != null) {
            for (String dep : spec.orchestration().dependsOn().keySet()) {
                for (String target : resolve(dep, all.keySet())) {
                    cycleFrom(target, all, state, path);
                }
            }
        }
        path.removeLast();
        state.put(name, 2);
    }

    /** The names {@code dependency} means among {@code names}: itself, else every {@code dependency:N}. */
    static List<String> resolve(String dependency, Collection<String> names) {
        if (names.contains(dependency)) {
            return List.of(dependency);
        }
        List<String> instances = new ArrayList<>();
        for (String name : names) {
            if (name.indexOf(':') > 0 && AppNames.baseOf(name).equals(dependency)) {
                instances.add(name);
            }
        }
        return instances;
    }

    /** Whether {@code dependent} depends (directly) on the entry named {@code name}. */
    static boolean dependsOn(AppSpec dependent, String name) {
        var deps = dependent.orchestration().dependsOn();
        return deps.containsKey(name) || (name.indexOf(':') > 0 && deps.containsKey(AppNames.baseOf(name)));
    }

    /** The number of apps on the longest dependency chain of {@code specs} (1 without dependencies; 0 for none). */
    static int longestChain(Collection<AppSpec> specs) {
        Map<String, AppSpec> all = new LinkedHashMap<>();
        specs.forEach(s -> all.put(s.name(), s));
        Map<String, Integer> memo = new HashMap<>();
        int longest = 0;
        for (String name : all.keySet()) {
            longest = Math.max(longest, chainFrom(name, all, memo, 0));
        }
        return longest;
    }

    private static int chainFrom(String name, Map<String, AppSpec> all, Map<String, Integer> memo, int depth) {
        Integer known = memo.get(name);
        if (known != null) {
            return known;
        }
        int below = 0;
        AppSpec spec = all.get(name);
        if (spec != null && depth < all.size()) { // the depth bound keeps a cycle (never admitted) from recursing forever
            for (String dep : spec.orchestration().dependsOn().keySet()) {
                for (String target : resolve(dep, all.keySet())) {
                    below = Math.max(below, chainFrom(target, all, memo, depth + 1));
                }
            }
        }
        memo.put(name, below + 1);
        return below + 1;
    }
}
