// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code velos flush [target]}: empties the log files of one app (or of every app), done by the
 * daemon's log writer so no line being written is lost or torn; rotated files go too.
 */
@Command(name = "flush")
final class FlushCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<name|id|all>", descriptionKey = "flush-target")
    String target;

    @Override
    int execute() {
        boolean everything = target == null || target.equals("all");
        List<String> flushed;
        try (VelosClient client = connect()) {
            flushed = client.flushLogs(everything ? "all" : target);
        }
        if (json) {
            out().println(Json.compact(Json.object().put("flushed", everything ? "all" : target)));
        } else if (everything) {
            out().println("[velos] Flushed all log files (" + Formats.processes(flushed.size()) + ")");
        } else {
            out().println("[velos] Flushed logs for '" + target + "'");
        }
        return ExitCode.OK;
    }
}
