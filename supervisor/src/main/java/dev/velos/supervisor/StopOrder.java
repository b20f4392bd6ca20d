// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import dev.velos.model.ProcessInfo;

/**
 * Stops a set of entries dependents first, like systemd's shutdown order: an entry is stopped
 * only once every entry of the set that depends on it has stopped; entries nothing depends on
 * stop at once, in parallel. The graph has no cycle (refused at start), so every entry is
 * reached. Loop thread only (the futures complete there).
 */
final class StopOrder {
    private StopOrder() {
    }

    /**
     * Plans the stops of {@code entries}: {@code stop} is called for each entry when its turn
     * comes, with the future to complete when it has stopped. Returns each entry's future.
     */
    static Map<ManagedProcess, CompletableFuture<ProcessInfo>> dependentsFirst(List<ManagedProcess> entries,
            BiConsumer<ManagedProcess, CompletableFuture<ProcessInfo>> stop) {
        Map<ManagedProcess, CompletableFuture<ProcessInfo>> stops = new LinkedHashMap<>();
        entries.forEach(entry -> stops.put(entry, new CompletableFuture<>()));
        for (ManagedProcess entry : entries) {
            List<CompletableFuture<ProcessInfo>> dependents = new ArrayList<>();
            for (ManagedProcess other : entries) {
                if (other != entry && DependencyGraph.dependsOn(other.spec, entry.name())) {
                    dependents.add(stops.get(other));
                }
            }
            CompletableFuture<ProcessInfo> own = stops.get(entry);
            // Whether a dependent stopped or failed to, its dependency goes down after it.
            CompletableFuture.allOf(dependents.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> stop.accept(entry, own));
        }
        return stops;
    }
}
