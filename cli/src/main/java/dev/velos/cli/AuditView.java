// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.AuditRecord;

/**
 * The human lines of {@code velos audit}: a header, then one line per record, oldest first, in
 * aligned columns (local time, channel, actor, scope, command, target, result) and, last, the
 * error of a failed request and the request's arguments as compact JSON. Every field but the time
 * and the scope was written by a client (a target, an error quoting it, arguments), so each is
 * shown as untrusted text, escaped on a terminal before the columns are measured.
 */
final class AuditView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final List<String> HEADERS = List.of("time", "channel", "actor", "scope", "command", "target", "result");
    private static final int RESULT_COLUMN = 6;

    private AuditView() {
    }

    static List<String> lines(List<AuditRecord> records, Style style) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS.toArray(String[]::new));
        for (AuditRecord r : records) {
            rows.add(new String[] {TIME.format(r.time()), style.untrusted(r.channel()), style.untrusted(r.actor()),
                    r.scope().wireName(), style.untrusted(r.command()), style.untrusted(r.target().isEmpty() ? "-" : r.target()),
                    r.ok() ? "ok" : "error"});
        }
        int[] width = new int[HEADERS.size()];
        rows.forEach(row -> {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        });
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                String cell = Table.pad(rows.get(i)[c], width[c], false);
                line.append(c == 0 ? "" : "  ").append(i == 0 ? style.boldWhite(cell) : c == RESULT_COLUMN ? result(cell, style) : cell);
            }
            if (i > 0) {
                line.append(details(records.get(i - 1), style));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String result(String padded, Style style) {
        return padded.startsWith("ok") ? style.green(padded) : style.red(padded);
    }

    /** Why it failed, then what it asked ({@code {"changes":{...}}}); "" for a plain success without arguments. */
    private static String details(AuditRecord r, Style style) {
        StringBuilder sb = new StringBuilder();
        if (!r.ok()) {
            sb.append("  ").append(style.untrusted(r.error()));
        }
        if (!r.args().isEmpty()) {
            // Json escapes every control character, so the arguments are safe on a terminal as they are.
            sb.append("  ").append(Json.compact(r.args()));
        }
        return sb.toString();
    }
}
