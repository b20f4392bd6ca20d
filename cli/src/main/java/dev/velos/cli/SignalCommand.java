// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code velos signal <SIG> <target>}: delivers one signal to each target's main process, as
 * {@code kill -SIG <pid>} would; unlike {@code stop}, the entry's status is left to the app.
 */
@Command(name = "signal")
final class SignalCommand extends ClientCommand {
    /** The signals offered by shell completion (the daemon accepts a few more). */
    static final class Common extends java.util.ArrayList<String> {
        Common() {
            super(List.of("SIGTERM", "SIGKILL", "SIGHUP", "SIGINT", "SIGUSR1", "SIGUSR2", "SIGQUIT", "SIGSTOP", "SIGCONT"));
        }
    }

    @Parameters(index = "0", paramLabel = "<signal>", descriptionKey = "signal-name", completionCandidates = Common.class)
    String signal;

    @Parameters(index = "1", paramLabel = "<target>", descriptionKey = "target")
    String targetArg;

    @Override
    String target() {
        return targetArg;
    }

    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = client.signal(targetArg, signal);
        }
        if (json) {
            JsonArray a = Json.array();
            views.forEach(v -> a.add(Json.object().put("id", v.id()).put("name", v.name()).put("pid", v.pid())));
            out().println(Json.compact(a));
        } else {
            views.forEach(v -> out().println("[velos] Sent " + signal + " to '" + v.name() + "' (id=" + v.id() + ", pid="
                    + v.pid() + ")"));
        }
        return ExitCode.OK;
    }
}
