// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;

/** {@code velos delete <target>}: stops the process and forgets it (its log files stay). */
@Command(name = "delete", aliases = "del")
final class DeleteCommand extends TargetCommand {
    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = forEachTarget(client, VelosClient::delete);
        }
        if (json && many(views)) {
            JsonArray a = Json.array();
            views.forEach(v -> a.add(Json.object().put("deleted", v.id())));
            out().println(Json.compact(a));
        } else if (json) {
            out().println(Json.compact(Json.object().put("deleted", views.getFirst().id())));
        } else {
            report("Deleted", "delete", views).forEach(out()::println);
        }
        return ExitCode.OK;
    }
}
