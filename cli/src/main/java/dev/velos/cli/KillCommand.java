// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.time.Duration;
import java.util.List;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.IpcTimeoutException;
import dev.velos.ipc.VelosClient;

import picocli.CommandLine.Command;

/**
 * {@code velos kill}: stops every app and then the daemon, like {@code pm2 kill}, and waits until
 * the daemon process is gone. With no daemon running there is nothing to do, which is success.
 *
 * <p>It must work when nothing else does (issue 14.9), so it asks for nothing that needs the
 * daemon's event loop: {@code ping} for the pid, then {@code kill}, each with {@link #ACK_WAIT}.
 * A daemon that does not acknowledge in time — stopped, wedged, or with a dead socket while
 * {@code velos.pid} still names it — gets SIGTERM, then SIGKILL after {@link #TERM_WAIT}, but only
 * once {@link DaemonPidFile} proved the pid is this directory's daemon. Its apps are then not
 * stopped: they run on, and the next daemon adopts them (issue 20: same pids, no restart; see
 * docs/HANDOVER.md), and the message says so. The count of apps stopped is the daemon's answer to
 * {@code kill} (its apps with a live process, adopted ones included).
 */
@Command(name = "kill")
final class KillCommand extends ClientCommand {
    /** How long a daemon has to acknowledge {@code ping} and {@code kill}; a working one answers in milliseconds. */
    static final Duration ACK_WAIT = Duration.ofSeconds(3);
    /** How long a daemon that got SIGTERM has before SIGKILL. */
    static final Duration TERM_WAIT = Duration.ofSeconds(5);
    /**
     * After an acknowledged kill the daemon stops its apps in parallel, each within its kill
     * timeout. While it still has child processes it is making progress; once it has none, this is
     * how long it has to save its state and exit before it counts as stuck.
     */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(10);
    /** The longest an acknowledged kill is waited for, however long the apps' kill timeouts. */
    private static final Duration LONGEST_STOP = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(25);

    @Override
    Duration callTimeout() {
        return ACK_WAIT.compareTo(context().timeout()) < 0 ? ACK_WAIT : context().timeout();
    }

    @Override
    int execute() {
        DaemonPidFile.Found pidFile = DaemonPidFile.read(context().home());
        VelosClient client;
        try {
            client = connectIfRunning();
        } catch (DaemonUnavailableException e) {
            if (pidFile instanceof DaemonPidFile.Ours ours) {
                return force(ours.process(), "does not accept connections on " + context().socket());
            }
            return notRunning(pidFile);
        }
        ProcessHandle daemon;
        int stopping = 0;
        long pid;
        try (client) {
            pid = client.ping().pid();
            daemon = ProcessHandle.of(pid).orElse(null);
            try {
                stopping = client.kill().apps();
            } catch (DaemonUnavailableException e) {
                // It went away before answering: that is what was asked for.
            }
        } catch (IpcTimeoutException e) {
            if (pidFile instanceof DaemonPidFile.Ours ours) {
                return force(ours.process(), "did not answer within " + callTimeout().toSeconds() + " s");
            }
            throw new CliException("the velos daemon at " + context().socket() + " did not answer within "
                    + callTimeout().toSeconds() + " s, and " + context().home().resolve("velos.pid")
                    + " does not name a velos daemon of this directory, so nothing was signalled",
                    "Find its pid (pgrep -af 'velos.*daemon') and end it with: kill <pid> (kill -9 <pid> if that does not work)",
                    ExitCode.RUNTIME, e);
        }
        // Waited for with the connection closed: the daemon's shutdown waits for its clients to hang up.
        if (daemon != null && !awaitStopped(daemon)) {
            return force(daemon, "acknowledged 'kill' but did not exit");
        }
        return stopped(pid, stopping);
    }

    private int notRunning(DaemonPidFile.Found pidFile) {
        if (json) {
            out().println(Json.compact(Json.object().put("killed", false).put("running", false)));
            return ExitCode.OK;
        }
        out().println("[velos] The daemon is not running; nothing to stop");
        if (pidFile instanceof DaemonPidFile.Foreign foreign) {
            out().println("[velos] " + context().home().resolve("velos.pid") + " names pid " + foreign.pid()
                    + ", which is not a velos daemon of this directory: left alone");
        }
        return ExitCode.OK;
    }

    private int stopped(long pid, int apps) {
        if (json) {
            out().println(Json.compact(Json.object().put("killed", true).put("pid", pid).put("stopped", apps)));
        } else {
            out().println("[velos] Stopped " + Formats.processes(apps) + " and the daemon (pid " + pid + ")");
        }
        return ExitCode.OK;
    }

    /**
     * Ends {@code daemon} with signals: SIGTERM (a daemon that can still run its shutdown stops its
     * apps), then SIGKILL after {@link #TERM_WAIT}. The apps it had not stopped are reported as orphans.
     */
    private int force(ProcessHandle daemon, String why) {
        List<ProcessHandle> apps = children(daemon);
        String signal = "SIGTERM";
        daemon.destroy();
        if (!awaitExit(daemon, TERM_WAIT)) {
            signal = "SIGKILL";
            daemon.destroyForcibly();
            if (!awaitExit(daemon, TERM_WAIT)) {
                throw new CliException("the velos daemon (pid " + daemon.pid() + ") " + why
                        + ", and it is still running after SIGTERM and SIGKILL",
                        "Check who owns it: ps -o user,stat,args -p " + daemon.pid());
            }
        }
        long orphans = apps.stream().filter(ProcessHandle::isAlive).count();
        if (json) {
            out().println(Json.compact(Json.object().put("killed", true).put("pid", daemon.pid()).put("forced", signal)
                    .put("orphans", orphans)));
            return ExitCode.OK;
        }
        out().println("[velos] The daemon (pid " + daemon.pid() + ") " + why + ": sent SIGTERM"
                + (signal.equals("SIGKILL") ? ", then SIGKILL after " + TERM_WAIT.toSeconds() + " s" : "") + "; it is gone");
        if (orphans > 0) {
            out().println("[velos] Left running: " + Formats.processes((int) orphans) + ". The next daemon (any velos command"
                    + " such as 'velos list' starts one) adopts " + (orphans == 1 ? "it" : "them") + " with the same pid"
                    + (orphans == 1 ? "" : "s") + ", without a restart; 'velos kill' then stops "
                    + (orphans == 1 ? "it" : "them"));
        }
        return ExitCode.OK;
    }

    /**
     * Waits for an acknowledged kill: as long as the daemon still has child processes (it is
     * stopping apps, each within its kill timeout) up to {@link #LONGEST_STOP}, then
     * {@link #IDLE_WAIT} more; false if it is still alive then.
     */
    private boolean awaitStopped(ProcessHandle daemon) {
        long start = System.nanoTime();
        long lastBusy = start;
        boolean announced = false;
        for (int poll = 0; daemon.isAlive(); poll++) {
            long now = System.nanoTime();
            // Finding children scans /proc: every 8th poll (200 ms) is often enough to see progress.
            if (poll % 8 == 0 && daemon.children().findAny().isPresent()) {
                lastBusy = now;
                if (!announced && now - start > IDLE_WAIT.toNanos()) {
                    err().println("[velos] Waiting for the daemon (pid " + daemon.pid() + ") to stop its processes"
                            + " (each within its kill timeout)...");
                    err().flush();
                    announced = true;
                }
            }
            if (now - lastBusy > IDLE_WAIT.toNanos() || now - start > LONGEST_STOP.toNanos()) {
                return false;
            }
            if (!sleep()) {
                return false;
            }
        }
        return true;
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > deadline || !sleep()) {
                return false;
            }
        }
        return true;
    }

    private static List<ProcessHandle> children(ProcessHandle process) {
        return process == null ? List.of() : process.children().toList();
    }

    private static boolean sleep() {
        try {
            Thread.sleep(POLL);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
