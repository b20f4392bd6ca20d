// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;

/**
 * {@code velos kill}: stops every app and then the daemon, like {@code pm2 kill}, and waits until
 * the daemon process is gone. With no daemon running there is nothing to do, which is success.
 */
@Command(name = "kill")
final class KillCommand extends ClientCommand {
    /** Beyond the longest kill timeout: time for the daemon to save state and exit. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(25);

    @Override
    int execute() {
        long pid;
        int apps;
        long longestKillTimeout = 0;
        VelosClient client;
        try {
            client = connectIfRunning();
        } catch (DaemonUnavailableException e) {
            if (json) {
                out().println(Json.compact(Json.object().put("killed", false).put("running", false)));
            } else {
                out().println("[velos] The daemon is not running; nothing to stop");
            }
            return ExitCode.OK;
        }
        try (client) {
            pid = client.ping().pid();
            List<ProcessView> views = client.list();
            apps = (int) views.stream().filter(v -> Formats.status(v).equals("running") || Formats.status(v).equals("starting"))
                    .count();
            for (ProcessView v : views) {
                longestKillTimeout = Math.max(longestKillTimeout, v.killTimeoutMs());
            }
            try {
                client.kill();
            } catch (DaemonUnavailableException e) {
                // It went away before answering: that is what was asked for.
            }
        }
        Duration wait = Duration.ofMillis(longestKillTimeout).plus(GRACE);
        if (!awaitExit(pid, wait)) {
            throw new CliException("the daemon (pid " + pid + ") is still running " + wait.toSeconds() + " s after 'kill'",
                    "Check " + context().home().resolve("logs").resolve("daemon-stderr.log") + ", or end it with: kill " + pid);
        }
        if (json) {
            out().println(Json.compact(Json.object().put("killed", true).put("pid", pid).put("stopped", apps)));
        } else {
            out().println("[velos] Stopped " + Formats.processes(apps) + " and the daemon (pid " + pid + ")");
        }
        return ExitCode.OK;
    }

    private static boolean awaitExit(long pid, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
