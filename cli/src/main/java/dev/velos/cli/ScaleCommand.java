// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ScaleResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code velos scale <name> <N|+N|-N|max>}: grows or shrinks a cluster to that many live
 * instances. {@code -1} is a count here, not an option (the command takes unknown options as
 * positionals), so {@code velos scale api -1} works as typed.
 */
@Command(name = "scale")
final class ScaleCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "<name>", descriptionKey = "scale-name")
    String name;

    @Parameters(index = "1", paramLabel = "<N|+N|-N|max>", descriptionKey = "scale-count")
    String count;

    @Override
    String target() {
        return name;
    }

    @Override
    int execute() {
        ScaleResult r;
        try (VelosClient client = connect()) {
            r = client.scale(name, count);
        }
        if (json) {
            out().println(Json.compact(Json.object().put("name", r.name()).put("started", r.started())
                    .put("stopped", r.stopped()).put("target", r.target())));
        } else if (r.started() > 0) {
            out().println("[velos] Scaled '" + r.name() + "' up: +" + r.started() + " instances (target=" + r.target() + ")");
        } else if (r.stopped() > 0) {
            out().println("[velos] Scaled '" + r.name() + "' down: -" + r.stopped() + " instances (target=" + r.target() + ")");
        } else {
            out().println("[velos] '" + r.name() + "' already at " + r.target() + " instances");
        }
        return ExitCode.OK;
    }
}
