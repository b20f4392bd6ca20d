// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.Console;
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
 * @param colour        whether stdout gets ANSI colours
 * @param daemonStarter starts a detached daemon when a command finds none (auto-start)
 * @param timeout       bound of every daemon call
 */
record CliContext(Map<String, String> env, Path cwd, Path home, Path socket, boolean colour,
                  DaemonStarter daemonStarter, Duration timeout) {
    /** How long auto-start waits for a new daemon to answer (REFERENCE §6.5: 5 s). */
    static final Duration DAEMON_START_WAIT = Duration.ofSeconds(5);
    /** Bound of one daemon call; VelosClient.DEFAULT_TIMEOUT, not referenced so --help/--version never load the client. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** Starts a daemon for {@code home}/{@code socket} and returns once it answers, or throws. */
    @FunctionalInterface
    interface DaemonStarter {
        void start(Path home, Path socket, Duration wait);
    }

    static CliContext fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new CliContext(env, Path.of(System.getProperty("user.dir")).toAbsolutePath(), RuntimePaths.home(),
                RuntimePaths.socket(), colourWanted(env),
                // A lambda, not a method reference: the daemon classes load only when a start is needed.
                (home, socket, wait) -> dev.velos.daemon.DaemonLauncher.startDetached(home, socket, wait),
                CALL_TIMEOUT);
    }

    CliContext withSocket(Path newSocket) {
        return new CliContext(env, cwd, home, newSocket, colour, daemonStarter, timeout);
    }

    /** Colour only on a terminal, never with {@code NO_COLOR} (https://no-color.org) or {@code TERM=dumb}. */
    static boolean colourWanted(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty() || "dumb".equals(env.get("TERM"))) {
            return false;
        }
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
