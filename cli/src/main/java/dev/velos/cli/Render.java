// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.model.LogFileSettings;

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
            table.row(Integer.toString(v.id()), style.untrusted(v.name()), Formats.pid(v.pid()), Formats.mode(v.name()), Formats.status(v),
                    Formats.cpu(v.cpuPercent()), Formats.listMemory(v.memoryBytes()), Formats.listUptime(v.uptimeMs()),
                    Integer.toString(v.restartCount()));
        }
        return table.render(style::boldWhite,
                (column, row, padded) -> column == STATUS_COLUMN ? style.status(row[STATUS_COLUMN], padded) : padded);
    }

    /**
     * {@code info}: label/value lines, labels padded to 16 after two spaces (REFERENCE §8.6).
     * Every value is untrusted text (the script, its args, what the app reported), shown as
     * {@code style} shows it.
     */
    static List<String> info(ProcessView v, Style style) {
        List<String> lines = new ArrayList<>();
        line(lines, style, "Name", v.name());
        line(lines, style, "ID", Integer.toString(v.id()));
        line(lines, style, "Script", v.script());
        if (v.args() != null && !v.args().isEmpty()) {
            line(lines, style, "Args", String.join(" ", v.args()));
        }
        line(lines, style, "CWD", v.cwd());
        line(lines, style, "PID", Formats.pid(v.pid()));
        String status = Formats.status(v);
        lines.add(labelled("Status", style.status(status, status)));
        if (v.statusText() != null && !v.statusText().isEmpty()) {
            line(lines, style, "App status", v.statusText());
        }
        line(lines, style, "Memory", Formats.infoMemory(v.memoryBytes()));
        line(lines, style, "Uptime", Formats.infoUptime(v.uptimeMs()));
        line(lines, style, "Restarts", Integer.toString(v.restartCount()));
        if (v.consecutiveCrashes() > 0) {
            line(lines, style, "Crashes", Integer.toString(v.consecutiveCrashes()));
        }
        if (v.interpreter() != null && !v.interpreter().isEmpty()) {
            line(lines, style, "Interpreter", v.interpreter());
        }
        line(lines, style, "Autorestart", Boolean.toString(v.autorestart()));
        line(lines, style, "Max restarts", v.maxRestarts() < 0 ? "unlimited" : Integer.toString(v.maxRestarts()));
        line(lines, style, "Kill timeout", v.killTimeoutMs() + " ms");
        if (v.expBackoff()) {
            line(lines, style, "Exp backoff", "true (delay: " + v.restartDelayMs() + " ms)");
        } else if (v.restartDelayMs() > 0) {
            line(lines, style, "Restart delay", v.restartDelayMs() + " ms");
        }
        if (v.maxMemoryRestart() > 0) {
            line(lines, style, "Max memory", Formats.infoMemory(v.maxMemoryRestart()));
        }
        if (v.cronRestart() != null && !v.cronRestart().isEmpty()) {
            line(lines, style, "Cron restart", v.cronRestart());
        }
        if (v.watch()) {
            line(lines, style, "Watch mode", "enabled" + (v.watchPaths() == null || v.watchPaths().isEmpty() ? ""
                    : " (" + String.join(", ", v.watchPaths()) + ")"));
            if (v.watchIgnore() != null && !v.watchIgnore().isEmpty()) {
                line(lines, style, "Watch ignore", String.join(", ", v.watchIgnore()));
            }
        }
        if (v.waitReady()) {
            line(lines, style, "Wait ready", "true (listen timeout: " + v.listenTimeoutMs() + " ms)");
        }
        if (v.shutdownWithMessage()) {
            line(lines, style, "Shutdown msg", "true");
        }
        if (v.lastRestartReason() != null && !v.lastRestartReason().isEmpty()) {
            line(lines, style, "Restart reason", v.lastRestartReason());
        }
        if (v.logError() != null && !v.logError().isEmpty()) {
            line(lines, style, "Log error", v.logError());
        }
        logFiles(lines, v, style);
        for (OrchestrationLines.Line l : OrchestrationLines.of(v)) {
            if (l.label().isEmpty()) {
                lines.add("    " + style.untrusted(l.value()));
            } else {
                line(lines, style, l.label(), l.value());
            }
        }
        if (v.env() != null && !v.env().isEmpty()) {
            line(lines, style, "Env", "");
            v.env().forEach((k, value) -> lines.add("    " + style.untrusted(k + "=" + value.replace("\n", "\\n"))));
        }
        return lines;
    }

    /**
     * Issue 21 and 20: where the streams go ({@code log_files} of the view), the log keys that differ
     * from the defaults, lines the writer had to drop, and the listening sockets velos holds.
     */
    private static void logFiles(List<String> lines, ProcessView v, Style style) {
        Map<String, Object> files = v.logFiles() == null ? Map.of() : v.logFiles();
        if (files.get(LogFileSettings.OUT_FILE) instanceof String out && !out.isEmpty()) {
            line(lines, style, "Out log", out);
        }
        if (files.get(LogFileSettings.ERROR_FILE) instanceof String err && !err.isEmpty()) {
            line(lines, style, "Error log", err);
        }
        List<String> settings = new ArrayList<>();
        files.forEach((key, value) -> {
            if (!key.equals(LogFileSettings.OUT_FILE) && !key.equals(LogFileSettings.ERROR_FILE)
                    && !key.equals(LogFileSettings.DROPPED_LINES)) {
                settings.add(key + "=" + value);
            }
        });
        if (!settings.isEmpty()) {
            line(lines, style, "Log files", String.join(", ", settings));
        }
        if (files.get(LogFileSettings.DROPPED_LINES) instanceof Number dropped && dropped.longValue() > 0) {
            line(lines, style, "Log dropped", dropped.longValue() + " line(s): the log writer could not keep up");
        }
        if (v.listen() != null && !v.listen().isEmpty()) {
            line(lines, style, "Listen", String.join(", ", v.listen()));
        }
    }

    /** Warnings under the {@code list} table: apps whose log files cannot be written right now. */
    static List<String> logErrors(List<ProcessView> views, Style style) {
        List<String> lines = new ArrayList<>();
        for (ProcessView v : views) {
            if (v.logError() != null && !v.logError().isEmpty()) {
                lines.add("[velos] logs of '" + style.untrusted(v.name()) + "' are not being written: "
                        + style.untrusted(v.logError()));
            }
        }
        return lines;
    }

    /** A label and a value written by an app or a user, shown as {@code style} shows untrusted text. */
    private static void line(List<String> lines, Style style, String label, String value) {
        lines.add(labelled(label, value == null ? "" : style.untrusted(value)));
    }

    private static String labelled(String label, String shownValue) {
        // Padded by hand: String.format would load java.util.Formatter and the locale data (issue 15).
        StringBuilder line = new StringBuilder("  ").append(label).append(':');
        while (line.length() < 2 + LABEL_WIDTH) {
            line.append(' ');
        }
        return line.append(shownValue).toString();
    }
}
