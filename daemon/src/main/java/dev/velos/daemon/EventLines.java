// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import dev.velos.ipc.WireTypes;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessEvent;
import dev.velos.supervisor.ProcessListener;

/** Every supervisor event, one line each, in the daemon's own log (through its stderr, see {@code Daemon}). */
final class EventLines implements ProcessListener {
    @Override
    public void onEvent(ProcessEvent event) {
        String line = switch (event) {
            case ProcessEvent.Started s -> "'" + s.name() + "' started (pid " + s.pid() + ")";
            case ProcessEvent.Exited e -> "'" + e.name() + "' " + e.exit() + (e.stopRequested() ? " (stop requested)" : "");
            case ProcessEvent.RestartScheduled r -> "'" + r.name() + "' restarts in " + r.delay().toMillis() + " ms";
            case ProcessEvent.CrashLoop c -> "'" + c.name() + "' crashed " + c.consecutiveCrashes()
                    + " times in a row; errored, no more automatic restarts";
            case ProcessEvent.SpawnFailed f -> "'" + f.name() + "' failed to start: " + f.message();
            case ProcessEvent.Stopped s -> "'" + s.name() + "' stopped";
            case ProcessEvent.Deleted d -> "'" + d.name() + "' deleted";
            case ProcessEvent.Ready r -> "'" + r.name() + "' " + (r.timedOut()
                    ? "did not signal readiness within its listen timeout; running anyway" : "is ready");
            case ProcessEvent.TriggeredRestart t -> "'" + t.name() + "' restarts (" + t.reason() + ")";
        };
        System.err.println("[velos-daemon] " + line);
    }

    @Override
    public void onOrchestrationEvent(OrchestrationEvent event) {
        WireTypes.EventView v = EventViews.of(event);
        System.err.println("[velos-daemon] '" + v.name() + "' " + v.type() + ": " + v.reason());
    }
}
