// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code velos info <target>}: every setting and counter of a process (REFERENCE §8.6). */
@Command(name = "info", aliases = {"show", "describe"})
final class InfoCommand extends TargetCommand {
    @Option(names = "--ai", descriptionKey = "ai")
    boolean ai;
    @Option(names = "--show-env", description = "Also show the process's environment variables (values may be secrets;"
            + " they are shown only when asked for).")
    boolean showEnv;

    @Override
    boolean readOnly() {
        return true;
    }

    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = forEachTarget(client, (c, t) -> c.info(t, showEnv));
        }
        if (ai) {
            out().println(Json.compact(many(views) ? AiJson.infos(views) : AiJson.info(views.getFirst())));
        } else if (json && many(views)) {
            JsonArray a = Json.array();
            views.forEach(v -> a.add(Json.info(v)));
            out().println(Json.pretty(a));
        } else if (json) {
            out().println(Json.pretty(Json.info(views.getFirst())));
        } else {
            Style style = style();
            for (int i = 0; i < views.size(); i++) {
                if (i > 0) {
                    out().println();
                }
                Render.info(views.get(i), style).forEach(out()::println);
            }
        }
        return ExitCode.OK;
    }
}
