// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.time.Duration;

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

    /**
     * Whether this command only reads (list, info, logs): the daemon answers those at once, so
     * they wait {@link CliContext#readTimeout()} for it, and a silence means an unresponsive daemon.
     */
    boolean readOnly() {
        return false;
    }

    /**
     * How long one call of this command may wait for the daemon: {@link CliContext#timeout()} for
     * a command that changes something (a stop may legitimately wait for kill timeouts), less for
     * a read-only one.
     */
    Duration callTimeout() {
        return readOnly() ? context().readTimeout() : context().timeout();
    }

    /** Connects to the daemon, starting one in the background first if none answers. */
    VelosClient connect() {
        return connectStarting(context(), err(), callTimeout());
    }

    /** {@link #connect()} for commands without {@code --json} (monit), each call bounded by {@code timeout}. */
    static VelosClient connectStarting(CliContext context, java.io.PrintWriter err, Duration timeout) {
        try {
            return VelosClient.connect(context.socket(), timeout);
        } catch (DaemonUnavailableException notRunning) {
            err.println("[velos] Starting daemon...");
            try {
                context.daemonStarter().start(context.home(), context.socket(), CliContext.DAEMON_START_WAIT);
            } catch (RuntimeException e) {
                throw new CliException("could not start the velos daemon: " + describe(e),
                        "Run it in the foreground to see why: velos daemon", ExitCode.RUNTIME, e);
            }
            return VelosClient.connect(context.socket(), timeout);
        }
    }

    /** Connects to a running daemon; throws {@link DaemonUnavailableException} when there is none. */
    VelosClient connectIfRunning() {
        return VelosClient.connect(context().socket(), callTimeout());
    }
}
