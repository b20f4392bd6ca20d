// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.velos.model.DependencyCondition;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProbeStatus;
import dev.velos.model.ProcessStatus;

/**
 * Where a start waits before its spawn: for its dependencies' conditions, then its
 * {@code start_delay}, then a start slot ({@code max_parallel_starts}). A waiting entry shows
 * {@code waiting} with the reason. Conditions are looked at again after every event of any
 * entry (coalesced into one pass per loop turn), so a dependency that becomes healthy starts its
 * dependents at once; an app with none of these settings passes straight through, at no cost.
 * A slot is held from the spawn until the entry is running (ready), or has failed or exited.
 * Loop thread only.
 */
final class StartGate {
    /** What the gate needs of the table. */
    interface Table {
        /** The entries {@code dependency} means (the app, or its cluster instances); empty when none. */
        List<ManagedProcess> resolve(String dependency);

        /** Spawns {@code entry} now (its conditions hold). */
        void launch(ManagedProcess entry);

        /** {@code entry} waits for {@code reason} (status, reason and the event). */
        void waiting(ManagedProcess entry, String reason);
    }

    private final EventLoop loop;
    private final Table table;
    private final int maxParallelStarts;
    private final LinkedHashSet<ManagedProcess> waiting = new LinkedHashSet<>();
    private int starting;
    private boolean passScheduled;
    private boolean closed;

    StartGate(EventLoop loop, Table table, int maxParallelStarts) {
        this.loop = loop;
        this.table = table;
        this.maxParallelStarts = maxParallelStarts;
    }

    /** Starts {@code entry} as soon as its conditions allow (maybe now). */
    void request(ManagedProcess entry) {
        if (closed) {
            return;
        }
        entry.delayDone = entry.spec.orchestration().startDelay().isZero();
        if (maxParallelStarts <= 0 && entry.delayDone && entry.spec.orchestration().dependsOn().isEmpty()) {
            table.launch(entry); // the common case: nothing to wait for
            return;
        }
        waiting.add(entry);
        entry.gated = true;
        evaluate(entry);
    }

    /** {@code entry} no longer wants to start (stopped, deleted, replaced). */
    void cancel(ManagedProcess entry) {
        if (waiting.remove(entry) || entry.gated) {
            entry.gated = false;
            entry.waitingReason = "";
            if (entry.startDelayTimer != null) {
                entry.startDelayTimer.cancel();
                entry.startDelayTimer = null;
            }
        }
    }

    /** No more starts (the supervisor is closing). */
    void close() {
        closed = true;
        List.copyOf(waiting).forEach(this::cancel);
    }

    /** Something changed somewhere: look at every waiting entry again, once, at the end of this loop turn. */
    void poke() {
        if (!waiting.isEmpty() && !passScheduled) {
            passScheduled = true;
            loop.execute(() -> {
                passScheduled = false;
                new ArrayList<>(waiting).forEach(e -> {
                    if (e.gated) {
                        evaluate(e);
                    }
                });
            });
        }
    }

    /** Frees {@code entry}'s start slot once it is running, or no longer starting at all. */
    void settle(ManagedProcess entry) {
        if (entry.holdsStartSlot && (entry.status == ProcessStatus.RUNNING || (!entry.status.isAlive() && !entry.spawning))) {
            entry.holdsStartSlot = false;
            starting--;
            poke();
        }
    }

    private void evaluate(ManagedProcess entry) {
        String blocked = blockedBy(entry);
        if (!blocked.isEmpty()) {
            table.waiting(entry, blocked);
            return;
        }
        Duration delay = entry.spec.orchestration().startDelay();
        if (!entry.delayDone) {
            if (entry.startDelayTimer == null) {
                entry.startDelayTimer = loop.schedule(delay.toMillis(), () -> {
                    entry.startDelayTimer = null;
                    entry.delayDone = true;
                    if (entry.gated) {
                        evaluate(entry);
                    }
                });
            }
            table.waiting(entry, "start_delay: starting " + delay.toMillis() + " ms after its dependencies are met");
            return;
        }
        if (maxParallelStarts > 0 && starting >= maxParallelStarts) {
            table.waiting(entry, "waiting for a start slot (max_parallel_starts = " + maxParallelStarts + ")");
            return;
        }
        waiting.remove(entry);
        entry.gated = false;
        entry.waitingReason = "";
        if (maxParallelStarts > 0) {
            entry.holdsStartSlot = true;
            starting++;
        }
        table.launch(entry);
    }

    /** Why {@code entry}'s dependencies do not allow a start yet; "" when they do. */
    String blockedBy(ManagedProcess entry) {
        for (Map.Entry<String, DependencyCondition> dep : entry.spec.orchestration().dependsOn().entrySet()) {
            List<ManagedProcess> targets = table.resolve(dep.getKey());
            String want = "waiting for '" + dep.getKey() + "' to be " + dep.getValue().wireName().replace('_', ' ');
            if (targets.isEmpty()) {
                return want + ": no such app (deleted?)";
            }
            for (ManagedProcess target : targets) {
                String why = unmet(target, dep.getValue());
                if (!why.isEmpty()) {
                    return want + ": " + (targets.size() > 1 ? "'" + target.name() + "' " : "") + why;
                }
            }
        }
        return "";
    }

    /** Why {@code target} does not meet {@code condition}; "" when it does. */
    private static String unmet(ManagedProcess target, DependencyCondition condition) {
        boolean underway = target.spawning || target.gated || target.restartTimer != null || target.sweeping
                || target.stopRequested;
        ProcessStatus status = target.status;
        ExitStatus exit = target.lastExit;
        String errored = "it is errored (" + exit + (target.lastSpawnError.isEmpty() ? "" : ": " + target.lastSpawnError)
                + "); start it again once fixed";
        return switch (condition) {
            case STARTED -> status.isAlive() && !target.stopRequested ? ""
                    : underway ? "it is starting" : status == ProcessStatus.ERRORED ? errored : "it is " + status.wireName();
            case HEALTHY -> status == ProcessStatus.RUNNING && !target.stopRequested
                    && target.liveness.state() != ProbeStatus.State.FAILING ? ""
                    : status == ProcessStatus.RUNNING ? "its liveness probe fails (" + target.liveness.lastResult() + ")"
                    : status == ProcessStatus.STARTING || underway ? "it is starting, not ready yet"
                    : status == ProcessStatus.ERRORED ? errored : "it is " + status.wireName();
            case COMPLETED_SUCCESSFULLY -> target.completedRun && !underway && !status.isAlive() ? ""
                    : status.isAlive() ? "it is still running"
                    : target.restartTimer != null ? "it " + exit + " and will be restarted"
                    : underway ? "it is starting"
                    : status == ProcessStatus.ERRORED || exit.isAbnormal() ? "it failed: " + exit
                            + (target.lastSpawnError.isEmpty() ? "" : " (" + target.lastSpawnError + ")")
                    : "it has not run to completion yet";
        };
    }
}
