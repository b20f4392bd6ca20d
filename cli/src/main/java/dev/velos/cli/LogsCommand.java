// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.LogEntry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code velos logs <target>}: the newest lines of stdout and stderr, oldest first, one per line
 * as {@code <ISO-8601 UTC time> <name> | <text>} ({@code <name> [err] |} for stderr).
 */
@Command(name = "logs")
final class LogsCommand extends TargetCommand {
    @Option(names = {"-l", "--lines"}, paramLabel = "<n>", defaultValue = "50", descriptionKey = "lines")
    int lines;

    @Option(names = "--out", descriptionKey = "out")
    boolean outOnly;

    @Option(names = "--err", descriptionKey = "err")
    boolean errOnly;

    @Override
    int execute() {
        if (lines < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--lines': " + lines
                    + " (use a number of lines, 0 or more)");
        }
        String stream = outOnly == errOnly ? "all" : outOnly ? "out" : "err";
        List<LogEntry> entries;
        try (VelosClient client = connect()) {
            entries = client.logs(targetArg, lines, stream);
        }
        if (json) {
            ArrayNode a = Json.array();
            entries.forEach(e -> a.add(Json.logEntry(e)));
            out().println(Json.pretty(a));
        } else if (entries.isEmpty()) {
            out().println("[velos] No log entries for '" + targetArg + "'");
        } else {
            Style style = style();
            entries.forEach(e -> out().println(Render.logLine(e, style)));
        }
        return ExitCode.OK;
    }
}
