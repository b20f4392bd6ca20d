// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes.ProcessView;

/** The human output of {@code list}, {@code info} and {@code logs}. */
final class Render {
    private static final int STATUS_COLUMN = 4;
    private static final int LABEL_WIDTH = 16;

    private Render() {
    }

    /** The {@code list} table (REFERENCE §8.5), in the daemon's order. */
    static String table(List<ProcessView> views, Style style) {
        Table table = new Table(List.of("id", "name", "pid", "mode", "status", "cpu", "mem", "uptime", "restarts"), true);
        for (ProcessView v : views) {
            table.row(Integer.toString(v.id()), v.name(), Formats.pid(v.pid()), Formats.mode(v.name()), Formats.status(v),
                    Formats.cpu(v.cpuPercent()), Formats.listMemory(v.memoryBytes()), Formats.listUptime(v.uptimeMs()),
                    Integer.toString(v.restartCount()));
        }
        return table.render(style::boldWhite,
                (column, row, padded) -> column == STATUS_COLUMN ? style.status(row[STATUS_COLUMN], padded) : padded);
    }

    /** {@code info}: label/value lines, labels padded to 16 after two spaces (REFERENCE §8.6). */
    static List<String> info(ProcessView v, Style style) {
        List<String> lines = new ArrayList<>();
        line(lines, "Name", v.name());
        line(lines, "ID", Integer.toString(v.id()));
        line(lines, "Script", v.script());
        if (v.args() != null && !v.args().isEmpty()) {
            line(lines, "Args", String.join(" ", v.args()));
        }
        line(lines, "CWD", v.cwd());
        line(lines, "PID", Formats.pid(v.pid()));
        String status = Formats.status(v);
        line(lines, "Status", style.status(status, status));
        if (v.statusText() != null && !v.statusText().isEmpty()) {
            line(lines, "App status", v.statusText());
        }
        line(lines, "Memory", Formats.infoMemory(v.memoryBytes()));
        line(lines, "Uptime", Formats.infoUptime(v.uptimeMs()));
        line(lines, "Restarts", Integer.toString(v.restartCount()));
        if (v.consecutiveCrashes() > 0) {
            line(lines, "Crashes", Integer.toString(v.consecutiveCrashes()));
        }
        if (v.interpreter() != null && !v.interpreter().isEmpty()) {
            line(lines, "Interpreter", v.interpreter());
        }
        line(lines, "Autorestart", Boolean.toString(v.autorestart()));
        line(lines, "Max restarts", v.maxRestarts() < 0 ? "unlimited" : Integer.toString(v.maxRestarts()));
        line(lines, "Kill timeout", v.killTimeoutMs() + " ms");
        if (v.expBackoff()) {
            line(lines, "Exp backoff", "true (delay: " + v.restartDelayMs() + " ms)");
        } else if (v.restartDelayMs() > 0) {
            line(lines, "Restart delay", v.restartDelayMs() + " ms");
        }
        if (v.maxMemoryRestart() > 0) {
            line(lines, "Max memory", Formats.infoMemory(v.maxMemoryRestart()));
        }
        if (v.cronRestart() != null && !v.cronRestart().isEmpty()) {
            line(lines, "Cron restart", v.cronRestart());
        }
        if (v.watch()) {
            line(lines, "Watch mode", "enabled" + (v.watchPaths() == null || v.watchPaths().isEmpty() ? ""
                    : " (" + String.join(", ", v.watchPaths()) + ")"));
        }
        if (v.waitReady()) {
            line(lines, "Wait ready", "true (listen timeout: " + v.listenTimeoutMs() + " ms)");
        }
        if (v.shutdownWithMessage()) {
            line(lines, "Shutdown msg", "true");
        }
        if (v.lastRestartReason() != null && !v.lastRestartReason().isEmpty()) {
            line(lines, "Restart reason", v.lastRestartReason());
        }
        if (v.logError() != null && !v.logError().isEmpty()) {
            line(lines, "Log error", v.logError());
        }
        if (v.env() != null && !v.env().isEmpty()) {
            line(lines, "Env", "");
            v.env().forEach((k, value) -> lines.add("    " + k + "=" + value.replace("\n", "\\n")));
        }
        return lines;
    }

    /** Warnings under the {@code list} table: apps whose log files cannot be written right now. */
    static List<String> logErrors(List<ProcessView> views) {
        List<String> lines = new ArrayList<>();
        for (ProcessView v : views) {
            if (v.logError() != null && !v.logError().isEmpty()) {
                lines.add("[velos] logs of '" + v.name() + "' are not being written: " + v.logError());
            }
        }
        return lines;
    }

    private static void line(List<String> lines, String label, String value) {
        lines.add("  " + String.format("%-" + LABEL_WIDTH + "s", label + ":") + (value == null ? "" : value));
    }

    /**
     * One {@code logs} line: {@code <ISO-8601 UTC time> <name> | <text>}, with {@code <name> [err]}
     * for stderr lines (red on a terminal), so both streams can be read interleaved.
     */
}
