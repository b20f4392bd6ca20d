// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;

/** {@code velos restart <target>}: stops the old generation (whole group), then starts a new one. */
@Command(name = "restart")
final class RestartCommand extends TargetCommand {
    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = client.restart(targetArg);
        }
        if (json && many(views)) {
            ArrayNode a = Json.array();
            views.forEach(v -> a.add(Json.object().put("id", v.id()).put("name", v.name())));
            out().println(Json.pretty(a));
        } else if (json) {
            out().println(Json.compact(Json.object().put("restarted", views.getFirst().id())));
        } else {
            report("Restarted", "restart", views).forEach(out()::println);
        }
        return ExitCode.OK;
    }
}
