// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.VelosClient;

import picocli.CommandLine.Option;

/**
 * A command that talks to the daemon and prints a result, so it takes {@code --json}. Connecting
 * starts a daemon when none runs (REFERENCE §6.5), announced by one line on stderr.
 */
abstract class ClientCommand extends AbstractCommand {
    @Option(names = "--json", descriptionKey = "json", order = 99)
    boolean json;

    /** Connects to the daemon, starting one in the background first if none answers. */
    VelosClient connect() {
        return connectStarting(context(), err());
    }

    /** {@link #connect()} for commands without {@code --json} (monit). */
    static VelosClient connectStarting(CliContext context, java.io.PrintWriter err) {
        try {
            return VelosClient.connect(context.socket(), context.timeout());
        } catch (DaemonUnavailableException notRunning) {
            err.println("[velos] Starting daemon...");
            try {
                context.daemonStarter().start(context.home(), context.socket(), CliContext.DAEMON_START_WAIT);
            } catch (RuntimeException e) {
                throw new CliException("could not start the velos daemon: " + describe(e),
                        "Run it in the foreground to see why: velos daemon", ExitCode.RUNTIME, e);
            }
            return VelosClient.connect(context.socket(), context.timeout());
        }
    }

    /** Connects to a running daemon; throws {@link DaemonUnavailableException} when there is none. */
    VelosClient connectIfRunning() {
        CliContext context = context();
        return VelosClient.connect(context.socket(), context.timeout());
    }
}
