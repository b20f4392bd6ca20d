// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;

import dev.velos.daemon.Daemon;
import dev.velos.daemon.DaemonOptions;
import dev.velos.ipc.RuntimePaths;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code velos daemon}: runs the daemon in the foreground until SIGTERM/SIGINT or
 * {@code velos kill}. It listens where clients look: {@code --socket}, else
 * {@code $VELOS_SOCKET}, else {@code <state dir>/velos.sock}. The daemon classes are loaded only
 * here (and by auto-start), never on a client command's path. {@code velos daemon restart}
 * ({@link DaemonRestartCommand}) hands the running daemon's apps to a new one.
 */
@Command(name = "daemon", subcommands = DaemonRestartCommand.class)
final class DaemonCommand extends AbstractCommand {
    @Option(names = "--state-dir", paramLabel = "<dir>", descriptionKey = "state-dir")
    Path stateDir;

    @Option(names = "--resurrect", descriptionKey = "resurrect")
    boolean resurrect;

    @Option(names = "--max-parallel-starts", paramLabel = "<n>", descriptionKey = "max-parallel-starts")
    int maxParallelStarts;

    @Override
    int execute() {
        CliContext context = context();
        Path home = stateDir == null ? context.home() : context.cwd().resolve(stateDir).toAbsolutePath().normalize();
        Path socket;
        if (socketOption != null) {
            socket = context.socket();
        } else if (hasText(context.env().get("VELOS_SOCKET"))) {
            socket = root().context().socket();
        } else {
            socket = home.resolve(RuntimePaths.SOCKET_FILE);
        }
        if (maxParallelStarts < 0) {
            throw new CliException("--max-parallel-starts must be 0 (unlimited) or more, got " + maxParallelStarts,
                    "Pass a whole number: velos daemon --max-parallel-starts 4", ExitCode.USAGE, null);
        }
        return Daemon.run(new DaemonOptions(home, socket, resurrect, maxParallelStarts));
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
