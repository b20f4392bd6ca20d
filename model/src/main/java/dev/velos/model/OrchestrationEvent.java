// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Instant;

/**
 * Orchestration events (issue 19), reported to listeners beside the {@link ProcessEvent}s and in
 * one order with them. A separate sealed type for now, so the exhaustive switches over
 * {@link ProcessEvent} in the daemon keep compiling until the wiring maps these too.
 */
public sealed interface OrchestrationEvent {
    int id();

    String name();

    Instant at();

    /** The entry is {@code waiting} (or still waiting, for another reason) instead of starting. */
    record Waiting(int id, String name, Instant at, String reason) implements OrchestrationEvent {
    }

    /** A probe changed state ({@code kind} = readiness or liveness); {@code status} is its new state. */
    record ProbeChanged(int id, String name, Instant at, String kind, ProbeStatus status) implements OrchestrationEvent {
    }

    /** A schedule fired or a run was asked for ({@code trigger}); {@code action} = started, skipped, queued, replaced. */
    record ScheduledRun(int id, String name, Instant at, String trigger, String action) implements OrchestrationEvent {
    }

    /** A hook ended: {@code target} is the command or URL, {@code ok} whether it succeeded, {@code detail} why not. */
    record HookFinished(int id, String name, Instant at, HookEvent event, String target, boolean ok, String detail)
            implements OrchestrationEvent {
    }

    /** The kernel OOM-killed a process of the app inside its cgroup ({@code memory_max}); {@code oomKills} in all. */
    record OomKilled(int id, String name, Instant at, long oomKills) implements OrchestrationEvent {
    }
}
