// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.velos.ipc.WireTypes.ProcessView;

/** Runs the CLI in-process with an injected context and captures what it prints. */
final class Cli {
    /** A daemon starter that must not be used: the command was supposed to fail before. */
    static final CliContext.DaemonStarter NO_DAEMON = (home, socket, wait) -> {
        throw new AssertionError("the command tried to start a daemon");
    };

    record Result(int exit, String out, String err) {
    }

    private Cli() {
    }

    static CliContext context(Path dir, Path socket, CliContext.DaemonStarter starter) {
        return new CliContext(Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString(), "CLI_ONLY", "from-cli"), dir,
                dir.resolve("home"), socket, CliContext.Terminals.NONE, starter, Duration.ofSeconds(5));
    }

    static Result run(CliContext context, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = VelosCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A counting starter, for tests that check whether auto-start happened. */
    static final class CountingStarter implements CliContext.DaemonStarter {
        final AtomicInteger calls = new AtomicInteger();
        private final Runnable action;

        CountingStarter(Runnable action) {
            this.action = action;
        }

        @Override
        public void start(Path home, Path socket, Duration wait) {
            calls.incrementAndGet();
            action.run();
        }
    }

    static ProcessView view(int id, String name, int pid, int status, String statusStr) {
        return view(id, name, pid, status, statusStr, 0);
    }

    static ProcessView view(int id, String name, int pid, int status, String statusStr, int restarts) {
        return new ProcessView(id, name, pid, status, statusStr, 47_185_920L, 9_000L, restarts, 2.5, 0, 0L,
                "server.js", List.of("--port", "8080"), "/srv/app", "", 5000L, true, 15, 1000L, 0L, false, 0, 0,
                1_700_000_000_000L);
    }
}
