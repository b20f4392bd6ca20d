// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;

/** {@code velos stop <target>}: SIGTERM to each process group, SIGKILL after its kill timeout; ends {@code stopped}. */
@Command(name = "stop")
final class StopCommand extends TargetCommand {
    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = forEachTarget(client, VelosClient::stop);
        }
        if (json) {
            JsonArray a = Json.array();
            views.forEach(v -> a.add(Json.object().put("stopped", v.id())));
            out().println(Json.compact(a));
        } else {
            report("Stopped", "stop", views).forEach(out()::println);
        }
        return ExitCode.OK;
    }
}
