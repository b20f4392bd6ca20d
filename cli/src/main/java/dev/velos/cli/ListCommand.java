// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code velos list} / {@code ls}: the process table (REFERENCE §8.5). */
@Command(name = "list", aliases = {"ls", "status"})
class ListCommand extends ClientCommand {
    @Option(names = "--ai", descriptionKey = "ai")
    boolean ai;
    /** For the shell completions: names only, one a line, and nothing at all when no daemon runs. */
    @Option(names = "--names", hidden = true)
    boolean names;

    @Override
    boolean readOnly() {
        return true;
    }

    @Override
    int execute() {
        if (names) {
            return CompletionNames.print(this);
        }
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = client.list();
        }
        print(views, ai ? Format.AI : json ? Format.JSON : Format.TABLE, style(), errStyle(), out(), err());
        return ExitCode.OK;
    }

    enum Format { TABLE, JSON, AI }

    /** The output of {@code list} in {@code format}. */
    static void print(List<ProcessView> views, Format format, Style style, Style errStyle, PrintWriter out, PrintWriter err) {
        switch (format) {
            case AI -> out.println(Json.compact(AiJson.list(views)));
            case JSON -> out.println(Json.pretty(Json.list(views)));
            case TABLE -> {
                if (views.isEmpty()) {
                    out.println("[velos] No processes running");
                } else {
                    out.print(Render.table(views, style));
                    Render.logErrors(views, errStyle).forEach(err::println);
                }
            }
        }
    }
}
