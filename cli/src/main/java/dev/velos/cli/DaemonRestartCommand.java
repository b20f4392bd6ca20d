// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.DaemonRestartResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code velos daemon restart} (and {@code velos update}, PM2's name for it): the running daemon
 * starts its successor — the installed velos, or {@code --launcher} — and hands it every app, pipe
 * and socket (docs/HANDOVER.md). The apps keep their pids. When the successor fails, the old daemon
 * carries on with every app and this command fails with the daemon's reason. With no daemon
 * running there is nothing to restart, which is success: the next command starts the installed one.
 */
@Command(name = "restart")
class DaemonRestartCommand extends ClientCommand {
    /**
     * The daemon waits up to 60 s for its successor to come up and up to 15 s for apps mid-transition,
     * then hands over: the answer may take that long.
     */
    private static final Duration HANDOVER_WAIT = Duration.ofSeconds(120);

    @Option(names = "--launcher", paramLabel = "<path>", descriptionKey = "launcher")
    Path launcher;

    @Override
    Duration callTimeout() {
        return HANDOVER_WAIT;
    }

    @Override
    int execute() {
        String given = launcher();
        DaemonRestartResult result;
        try (VelosClient client = connectIfRunning()) {
            result = client.daemonRestart(given);
        } catch (DaemonUnavailableException e) {
            if (json) {
                out().println(Json.compact(Json.object().put("restarted", false).put("running", false)));
            } else {
                out().println("[velos] The daemon is not running; nothing to restart (the next velos command starts the"
                        + " installed version)");
            }
            return ExitCode.OK;
        } catch (IpcException e) {
            throw new CliException("the daemon was not restarted: " + e.getMessage(),
                    "Nothing changed: the running daemon still serves every app (the new daemon's output is in "
                            + context().home().resolve("logs").resolve("daemon-restart.log") + ")",
                    ExitCode.RUNTIME, e);
        }
        if (json) {
            out().println(Json.compact(Json.object().put("restarted", true).put("old_pid", result.oldPid())
                    .put("new_pid", result.newPid()).put("apps", result.apps())));
        } else {
            out().println("[velos] Daemon restarted: pid " + result.oldPid() + " -> " + result.newPid() + "; "
                    + Formats.processes(result.apps()) + " kept running with the same pids");
        }
        return ExitCode.OK;
    }

    /** {@code --launcher} made absolute and checked here, so a typo is not the successor's failure; "" = the daemon's own. */
    private String launcher() {
        if (launcher == null) {
            return "";
        }
        Path path = context().cwd().resolve(launcher).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new CliException("--launcher " + path + (Files.exists(path) ? " is not an executable file" : " does not exist"),
                    "Pass the velos launcher to start the new daemon with, e.g. --launcher /opt/velos/bin/velos",
                    ExitCode.USAGE, null);
        }
        return path.toString();
    }
}
