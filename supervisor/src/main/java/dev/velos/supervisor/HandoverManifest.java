// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Instant;
import java.util.List;

import dev.velos.model.AppSpec;
import dev.velos.model.ExitStatus;
import dev.velos.model.ListenAddress;
import dev.velos.model.ProcessStatus;

/**
 * A supervisor's process table as a value (issue 20, docs/HANDOVER.md): what a supervisor hands
 * its successor in a planned restart ({@link Supervisor#beginHandover}), together with a list of
 * fds that the {@code fd} fields index; or what a daemon still knows after a crash (its saved
 * list), with no fds at all ({@link #NO_FD}), for {@link Supervisor#adopt}.
 *
 * @param apps    every entry of the table, in id order
 * @param sockets the listening sockets held for the apps
 */
public record HandoverManifest(List<App> apps, List<Socket> sockets) {
    /** An fd field that refers to no fd: none was handed over (recover it, or do without). */
    public static final int NO_FD = -1;

    public HandoverManifest {
        apps = List.copyOf(apps);
        sockets = List.copyOf(sockets);
    }

    /**
     * A manifest for {@link Supervisor#adopt} from what a daemon saved: each app with its last
     * known status and nothing else; survivors are found by their marker.
     */
    public static HandoverManifest ofSaved(List<AppSpec> specs, List<ProcessStatus> lastStatus) {
        if (specs.size() != lastStatus.size()) {
            throw new IllegalArgumentException("one status per spec");
        }
        List<App> apps = new java.util.ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            apps.add(new App(i + 1, specs.get(i), lastStatus.get(i), 0, 0, Instant.EPOCH, "", ExitStatus.NONE, -1, false,
                    java.util.Optional.empty()));
        }
        return new HandoverManifest(apps, List.of());
    }

    /**
     * One entry.
     *
     * @param id                 its id (kept, so clients see the same numbers)
     * @param spec               its spec
     * @param status             its status at export (for a saved list: the last status known)
     * @param restartCount       restarts so far
     * @param consecutiveCrashes quick exits in a row
     * @param lastRestartAt      when it last restarted
     * @param lastRestartReason  why
     * @param lastExit           how its last generation ended
     * @param restartDueMillis   a pending restart fires this many ms after import; -1 for none
     * @param startPending       it waits to start (dependencies, start delay, a slot) and is asked again on import
     * @param child              its live generation, if any
     */
    public record App(int id, AppSpec spec, ProcessStatus status, int restartCount, int consecutiveCrashes,
                      Instant lastRestartAt, String lastRestartReason, ExitStatus lastExit, long restartDueMillis,
                      boolean startPending, java.util.Optional<Child> child) {
    }

    /**
     * A live generation. {@code fd} fields index the fd list handed over with the manifest, or are
     * {@link #NO_FD}: after a crash the stdout/stderr pipes are reopened through
     * {@code /proc/<pid>/fd/1} and {@code 2}, and the rest is lost (see docs/HANDOVER.md).
     *
     * @param pid           the leader's pid (0: unknown, found by its marker)
     * @param startTicks    its start time from {@code /proc/<pid>/stat} (0: unknown), its identity with the pid
     * @param startedAt     when it started (for uptime)
     * @param pidfd         its pidfd
     * @param stdout        the read end of its stdout pipe
     * @param stderr        the read end of its stderr pipe
     * @param stdoutPartial the start of a line the old supervisor had read but not yet ended; the
     *                      successor reads on from the pipe after it, so nothing is lost or doubled
     * @param stderrPartial the same for stderr
     * @param channel       the supervisor's end of the velos channel
     * @param nodeChannel   the supervisor's end of Node's IPC channel
     * @param notifySocket  the bound NOTIFY_SOCKET
     * @param notifyPath    its path ("" when none)
     */
    public record Child(int pid, long startTicks, Instant startedAt, int pidfd, int stdout, int stderr, byte[] stdoutPartial,
                        byte[] stderrPartial, int channel, int nodeChannel, int notifySocket, String notifyPath) {
    }

    /** A listening socket held for app {@code app} (an entry name; the app's base name is what counts). */
    public record Socket(String app, ListenAddress address, int fd) {
    }
}
