// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.velos.ipc.RuntimePaths;

/**
 * Everything a command takes from its surroundings: environment, working directory, runtime dir
 * and socket, whether to colour, and how to start a daemon. {@link #fromEnvironment()} reads the
 * real process; tests build one by hand (a temp socket, a fake daemon starter), because a JVM
 * cannot change its own environment.
 *
 * @param env           the environment sent to started apps (before {@code --env-var})
 * @param cwd           the directory relative paths are resolved against
 * @param home          runtime directory ({@code $VELOS_HOME}, else {@code ~/.velos})
 * @param socket        control socket ({@code $VELOS_SOCKET}, else {@code <home>/velos.sock})
 * @param terminals     which of stdout/stderr are terminals, and whether stdout gets ANSI colours
 * @param daemonStarter starts a detached daemon when a command finds none (auto-start)
 * @param timeout       bound of every daemon call that changes something (read-only ones get
 *                      {@link #readTimeout()} / {@link #pingTimeout()})
 */
record CliContext(Map<String, String> env, Path cwd, Path home, Path socket, Terminals terminals,
                  DaemonStarter daemonStarter, Duration timeout) {
    /** How long auto-start waits for a new daemon to answer (REFERENCE §6.5: 5 s). */
    static final Duration DAEMON_START_WAIT = Duration.ofSeconds(5);
    /**
     * Bound of one daemon call that changes something: a stop or a restart is answered once the app
     * exited, which may take its kill timeout (default 5 s). VelosClient.DEFAULT_TIMEOUT, not
     * referenced so --help/--version never load the client.
     */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Bound of a read-only call (list, info, logs, --summary, --dedupe): the daemon answers those
     * from memory or a read of the log files, without waiting for any app, so a silence this long
     * means a stopped or wedged daemon, and the user should hear so long before the 30 s a stop
     * may need (issue 14.12).
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** Bound of {@code ping}: a health check, answered without the event loop. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Which standard streams are terminals (see {@link TerminalText#isTerminal}): on a terminal,
     * text velos does not control is shown escaped; {@code colour} is whether stdout gets ANSI colours.
     */
    record Terminals(boolean stdout, boolean stderr, boolean colour) {
        /** Output to pipes or files: text as it is, no colour. */
        static final Terminals NONE = new Terminals(false, false, false);
    }

    /** Starts a daemon for {@code home}/{@code socket} and returns once it answers, or throws. */
    @FunctionalInterface
    interface DaemonStarter {
        void start(Path home, Path socket, Duration wait);
    }

    static CliContext fromEnvironment() {
        Map<String, String> env = System.getenv();
        boolean stdout = TerminalText.isTerminal(1);
        return new CliContext(env, Path.of(System.getProperty("user.dir")).toAbsolutePath(), RuntimePaths.home(),
                RuntimePaths.socket(), new Terminals(stdout, TerminalText.isTerminal(2), stdout && colourWanted(env)),
                // A lambda, not a method reference: the daemon classes load only when a start is needed.
                (home, socket, wait) -> dev.velos.daemon.DaemonLauncher.startDetached(home, socket, wait),
                CALL_TIMEOUT);
    }

    CliContext withSocket(Path newSocket) {
        return new CliContext(env, cwd, home, newSocket, terminals, daemonStarter, timeout);
    }

    /** The bound of a read-only call: {@link #READ_TIMEOUT}, or {@link #timeout()} when that is shorter (tests). */
    Duration readTimeout() {
        return shorter(READ_TIMEOUT);
    }

    /** The bound of {@code ping}. */
    Duration pingTimeout() {
        return shorter(PING_TIMEOUT);
    }

    private Duration shorter(Duration bound) {
        return bound.compareTo(timeout) < 0 ? bound : timeout;
    }

    /** Colour (on a terminal) unless {@code NO_COLOR} (https://no-color.org) or {@code TERM=dumb} says no. */
    static boolean colourWanted(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return !(noColor != null && !noColor.isEmpty() || "dumb".equals(env.get("TERM")));
    }
}
