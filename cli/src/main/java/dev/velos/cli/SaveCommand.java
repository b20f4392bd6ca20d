// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.SaveResult;

import picocli.CommandLine.Command;

/** {@code velos save}: writes the process list to {@code dump.bin} for {@code velos resurrect}. */
@Command(name = "save")
final class SaveCommand extends ClientCommand {
    @Override
    int execute() {
        SaveResult result;
        try (VelosClient client = connect()) {
            result = client.save();
        }
        if (json) {
            out().println(Json.compact(Json.object().put("saved", true).put("count", result.saved()).put("path", result.path())));
        } else {
            out().println("[velos] Process list saved successfully (" + Formats.processes(result.saved()) + " in "
                    + result.path() + ")");
        }
        return ExitCode.OK;
    }
}
