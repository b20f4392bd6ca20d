// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;

/**
 * {@code velos reset <target>}: the restart counters from 0 (PM2's {@code pm2 reset}, issue 18):
 * the restart count {@code list} shows, and the count of quick exits in a row that a crash loop
 * is judged by. Nothing else changes: a running app keeps running.
 */
@Command(name = "reset")
final class ResetCommand extends TargetCommand {
    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = client.reset(targetArg);
        }
        if (json) {
            JsonArray a = Json.array();
            views.forEach(v -> a.add(Json.object().put("id", v.id()).put("name", v.name()).put("restart_count", v.restartCount())));
            out().println(Json.compact(a));
        } else {
            report("Reset the restart count of", "reset", views).forEach(out()::println);
        }
        return ExitCode.OK;
    }
}
