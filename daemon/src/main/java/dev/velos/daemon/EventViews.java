// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import dev.velos.ipc.WireTypes;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessEvent;

/** The wire form of a supervisor event: one flat record whose {@code type} says what happened. */
final class EventViews {
    private EventViews() {
    }

    static WireTypes.EventView of(ProcessEvent event) {
        long at = event.at().toEpochMilli();
        return switch (event) {
            case ProcessEvent.Started s -> new WireTypes.EventView(s.restart() ? "restart" : "start", s.id(), s.name(), at,
                    s.pid(), -1, 0, "");
            case ProcessEvent.Exited e -> new WireTypes.EventView(
                    e.exit().isAbnormal() && !e.stopRequested() ? "crash" : "exit", e.id(), e.name(), at, e.pid(),
                    e.exit().isKnown() ? e.exit().code() : -1, e.exit().signal(), e.stopRequested() ? "stop requested" : "");
            case ProcessEvent.Ready r -> simple("ready", r, r.timedOut() ? "listen timeout" : "");
            case ProcessEvent.TriggeredRestart t -> simple(t.reason().equals("memory") ? "memory_restart" : "triggered_restart",
                    t, t.reason());
            case ProcessEvent.RestartScheduled r -> simple("restart_scheduled", r, "in " + r.delay().toMillis() + " ms");
            case ProcessEvent.CrashLoop c -> simple("errored", c, "crashed " + c.consecutiveCrashes() + " times in a row");
            case ProcessEvent.SpawnFailed f -> simple("spawn_failed", f, f.message());
            case ProcessEvent.Stopped s -> simple("stop", s, "");
            case ProcessEvent.Deleted d -> simple("delete", d, "");
        };
    }

    /**
     * An orchestration event as a flat view: {@code waiting} (reason: why), {@code probe} (reason:
     * {@code "readiness passing: HTTP 200"}), {@code scheduled_run} ({@code "cron: started"}),
     * {@code hook} ({@code "crash ok: notify-send"} or {@code "crash failed: ..."}), {@code oom_kill}.
     */
    static WireTypes.EventView of(OrchestrationEvent event) {
        long at = event.at().toEpochMilli();
        String type;
        String reason;
        switch (event) {
            case OrchestrationEvent.Waiting w -> {
                type = "waiting";
                reason = w.reason();
            }
            case OrchestrationEvent.ProbeChanged p -> {
                type = "probe";
                reason = p.kind() + " " + p.status().state().wireName()
                        + (p.status().lastResult().isEmpty() ? "" : ": " + p.status().lastResult());
            }
            case OrchestrationEvent.ScheduledRun r -> {
                type = "scheduled_run";
                reason = r.trigger() + ": " + r.action();
            }
            case OrchestrationEvent.HookFinished h -> {
                type = "hook";
                reason = h.event().wireName() + (h.ok() ? " ok: " : " failed: ") + h.target()
                        + (h.detail().isEmpty() ? "" : " (" + h.detail() + ")");
            }
            case OrchestrationEvent.OomKilled o -> {
                type = "oom_kill";
                reason = o.oomKills() + " OOM kill(s) in the app's cgroup (memory_max)";
            }
        }
        return new WireTypes.EventView(type, event.id(), event.name(), at, 0, -1, 0, reason);
    }

    private static WireTypes.EventView simple(String type, ProcessEvent e, String reason) {
        return new WireTypes.EventView(type, e.id(), e.name(), e.at().toEpochMilli(), 0, -1, 0, reason);
    }
}
