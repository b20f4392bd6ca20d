// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.velos.model.AppSpec;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.VelosException;
import dev.velos.supervisor.HandoverManifest;
import dev.velos.supervisor.Supervisor;

/**
 * After a crash of the previous daemon (kill -9, OOM, a bug: docs/HANDOVER.md §3), its apps are
 * still running and their output waits in their pipes. This daemon adopts them instead of stopping
 * and starting them again: the saved list (state.bin, with each live app's pid and start time)
 * becomes a manifest for {@link Supervisor#adopt}, which verifies each survivor (pid + start time
 * + VELOS_APP marker) before taking it, reads on from its pipes, and restarts by policy an app
 * that died meanwhile. Only when state.bin was saved during this boot: after a reboot nothing
 * survived and pids mean other processes.
 */
final class Adoption {
    private Adoption() {
    }

    /** Adopts the survivors of the saved list if it is this boot's; the adopted entries (empty: nothing to adopt). */
    static List<ProcessInfo> adoptSurvivors(Supervisor supervisor, StateStore state) {
        Optional<StateStore.StateFile> saved;
        try {
            saved = state.loadState();
        } catch (DaemonException unreadable) {
            return List.of(); // --resurrect moves it aside and says so
        }
        return saved.flatMap(Adoption::manifest).map(m -> supervisor.adopt(m).join()).orElse(List.of());
    }

    /** The manifest of a saved list: every app with its last wish (running or stopped), and the pid and start time of a live one. */
    static Optional<HandoverManifest> manifest(StateStore.StateFile file) {
        if (file.bootId().isEmpty() || !file.bootId().equals(BootId.current()) || file.apps().isEmpty()) {
            return Optional.empty();
        }
        List<HandoverManifest.App> apps = new ArrayList<>();
        for (StateStore.SavedApp app : file.apps()) {
            AppSpec spec;
            try {
                spec = Views.spec(app.spec());
            } catch (VelosException e) {
                continue; // the restore that may follow reports it
            }
            Optional<HandoverManifest.Child> child = app.pid() > 0
                    ? Optional.of(new HandoverManifest.Child(app.pid(), app.startTicks(), Instant.EPOCH, HandoverManifest.NO_FD,
                            HandoverManifest.NO_FD, HandoverManifest.NO_FD, new byte[0], new byte[0], HandoverManifest.NO_FD,
                            HandoverManifest.NO_FD, HandoverManifest.NO_FD, ""))
                    : Optional.empty();
            apps.add(new HandoverManifest.App(apps.size() + 1, spec, app.running() ? ProcessStatus.RUNNING : ProcessStatus.STOPPED,
                    0, 0, Instant.EPOCH, "", ExitStatus.NONE, -1, false, child));
        }
        return apps.isEmpty() ? Optional.empty() : Optional.of(new HandoverManifest(apps, List.of()));
    }
}
