// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;

/** {@code velos list} / {@code ls}: the process table (REFERENCE §8.5). */
@Command(name = "list", aliases = "ls")
final class ListCommand extends ClientCommand {
    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = client.list();
        }
        if (json) {
            out().println(Json.pretty(Json.list(views)));
        } else if (views.isEmpty()) {
            out().println("[velos] No processes running");
        } else {
            out().print(Render.table(views, style()));
            Render.logErrors(views).forEach(err()::println);
        }
        return ExitCode.OK;
    }
}
