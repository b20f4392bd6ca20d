// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.WireTypes;
import dev.velos.model.AppNames;

/**
 * The newest lifecycle events of each app seen by this server, for {@code diagnose_app}'s "recent
 * restarts" (the daemon keeps counts, not a history). Bounded: {@value #PER_APP} events per app,
 * {@value #APPS} apps, the least recently active forgotten first.
 */
final class RecentEvents {
    static final int PER_APP = 20;
    static final int APPS = 1000;

    private final Map<String, Deque<WireTypes.EventView>> byApp = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<WireTypes.EventView>> eldest) {
            return size() > APPS;
        }
    };

    synchronized void add(WireTypes.EventView event) {
        Deque<WireTypes.EventView> events = byApp.computeIfAbsent(AppNames.baseOf(event.name()), k -> new ArrayDeque<>());
        events.addLast(event);
        if (events.size() > PER_APP) {
            events.removeFirst();
        }
    }

    /** The events of {@code name} (an app or one of its instances), oldest first. */
    synchronized List<WireTypes.EventView> of(String name) {
        Deque<WireTypes.EventView> events = byApp.get(AppNames.baseOf(name));
        return events == null ? List.of()
                : events.stream().filter(e -> AppNames.baseOf(name).equals(name) || e.name().equals(name)).toList();
    }
}
