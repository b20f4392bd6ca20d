// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.List;
import java.util.Locale;

import dev.velos.cli.tui.MonitModel.LogLine;
import dev.velos.cli.tui.MonitModel.Mode;
import dev.velos.ipc.WireTypes.ProcessView;

/**
 * Draws one frame of {@code velos monit} (layout of REFERENCE §12) from a {@link MonitModel} and
 * the terminal's size: header, process table, CPU and memory sparklines, log pane, footer, and
 * the popups over them. A pure function, so tests check frames without a terminal.
 */
final class MonitScreen {
    private static final String SPARKS = "▁▂▃▄▅▆▇█";
    /** Graph boxes: 3 rows (one of bars) on small terminals, 6 (four of bars) from 30 rows up. */
    private static final int GRAPH_ROWS_SMALL = 3;
    private static final int GRAPH_ROWS_TALL = 6;
    private static final int NAME_MAX = 40;
    private static final int MIN_LOG_ROWS = 4;
    /** Fixed column widths; Name takes what is left. */
    private static final int ID = 6;
    private static final int PID = 8;
    private static final int STATUS = 10;
    private static final int CPU = 16;
    private static final int MEM = 10;
    private static final int UPTIME = 9;
    private static final int RESTARTS = 9;

    private MonitScreen() {
    }

    static Canvas render(MonitModel m, Palette p, int width, int height) {
        Canvas c = new Canvas(width, height);
        if (width < 20 || height < 8) {
            c.put(0, 0, "velos monit: terminal too small (" + width + "x" + height + ")", p.text());
            return c;
        }
        header(c, m, p);
        int graphRows = height >= 30 ? GRAPH_ROWS_TALL : GRAPH_ROWS_SMALL;
        int tableRows = Math.max(4, Math.min(m.rows().size() + 3, height - 2 - graphRows - MIN_LOG_ROWS));
        table(c, m, p, 1, tableRows);
        int graphsTop = 1 + tableRows;
        graphs(c, m, p, graphsTop, graphRows);
        int logsTop = graphsTop + graphRows;
        logs(c, m, p, logsTop, height - 1 - logsTop);
        footer(c, m, p);
        m.toast().ifPresent(t -> {
            String text = " " + t + " ";
            c.put(height - 2, Math.max(0, width - text.length() - 2), text, p.selected());
        });
        switch (m.mode()) {
            case DETAIL -> m.selectedProcess().ifPresent(proc -> detail(c, proc, p));
            case HELP -> help(c, p);
            case SIGNAL -> m.selectedProcess().ifPresent(proc -> signals(c, m, proc, p));
            case CONFIRM_DELETE -> m.selectedProcess().ifPresent(proc -> popup(c, p, " Delete ",
                    List.of("Delete '" + proc.name() + "' (id " + proc.id() + ")?", "It is stopped and removed from the list.",
                            "", "y delete   any other key cancel")));
            default -> {
                // no popup
            }
        }
        return c;
    }

    private static void header(Canvas c, MonitModel m, Palette p) {
        double cpu = m.all().stream().mapToDouble(ProcessView::cpuPercent).sum();
        long mem = m.all().stream().mapToLong(ProcessView::memoryBytes).sum();
        String text = " Velos Monitor | " + m.all().size() + " procs | CPU " + String.format(Locale.ROOT, "%.1f", cpu)
                + "% | MEM " + TuiFormat.size(mem) + " | up " + TuiFormat.uptime(m.daemonUptimeMs());
        c.put(0, 0, Canvas.fit(text, c.width()), p.title());
    }

    private static void table(Canvas c, MonitModel m, Palette p, int top, int rows) {
        int width = c.width();
        c.box(top, 0, rows, width, " Processes ", p.border(), p.title());
        int name = Math.min(NAME_MAX, Math.max(8, width - 2 - ID - PID - STATUS - CPU - MEM - UPTIME - RESTARTS));
        StringBuilder head = new StringBuilder();
        head.append(Canvas.fit("ID", ID)).append(Canvas.fit(title("Name", m), name)).append(Canvas.fit("PID", PID))
                .append(Canvas.fit("Status", STATUS)).append(Canvas.fit(title("CPU%", m), CPU))
                .append(Canvas.fit(title("MEM", m), MEM)).append(Canvas.fit(title("Uptime", m), UPTIME))
                .append(Canvas.fit(title("Restarts", m), RESTARTS));
        c.put(top + 1, 1, Canvas.fit(head.toString(), width - 2), p.bold());
        int visible = rows - 3;
        if (m.rows().isEmpty()) {
            c.put(top + 2, 2, m.filterText().isEmpty() ? "No processes. Start one: velos start app.js"
                    : "No process matches '" + m.filterText() + "'", p.dim());
            return;
        }
        int first = Math.max(0, Math.min(m.selected() - visible + 1, m.rows().size() - visible));
        first = Math.max(0, Math.min(first, m.selected()));
        for (int i = 0; i < visible && first + i < m.rows().size(); i++) {
            int index = first + i;
            row(c, m.rows().get(index), index == m.selected(), top + 2 + i, name, p);
        }
        if (m.rows().size() > visible) {
            c.put(top + rows - 1, width - 12, " " + (first + 1) + "-" + Math.min(m.rows().size(), first + visible) + "/"
                    + m.rows().size() + " ", p.dim());
        }
    }

    private static String title(String column, MonitModel m) {
        return m.sort().column().equals(column) ? column + " ▼" : column;
    }

    private static void row(Canvas c, ProcessView v, boolean selected, int r, int nameWidth, Palette p) {
        String base = selected ? p.selected() : p.text();
        c.clear(r, 1, 1, c.width() - 2, base);
        int col = c.put(r, 1, Canvas.fit((selected ? "▸ " : "  ") + v.id(), ID), base);
        col = c.put(r, col, Canvas.fit(v.name(), nameWidth), base);
        col = c.put(r, col, Canvas.fit(v.pid() == 0 ? "-" : String.valueOf(v.pid()), PID), base);
        col = c.put(r, col, Canvas.fit(v.statusStr(), STATUS), selected ? base : p.status(v.statusStr()));
        int filled = (int) Math.round(Math.min(100, Math.max(0, v.cpuPercent())) / 100 * 8);
        col = c.put(r, col, "█".repeat(filled), selected ? base : p.green());
        col = c.put(r, col, "░".repeat(8 - filled), selected ? base : p.dim());
        col = c.put(r, col, Canvas.fit(" " + TuiFormat.percent(v.cpuPercent()), CPU - 8), base);
        col = c.put(r, col, Canvas.fit(TuiFormat.size(v.memoryBytes()), MEM), base);
        col = c.put(r, col, Canvas.fit(v.pid() == 0 ? "-" : TuiFormat.uptime(v.uptimeMs()), UPTIME), base);
        c.put(r, col, Canvas.fit(String.valueOf(v.restartCount()), Math.min(RESTARTS, c.width() - 1 - col)),
                v.restartCount() > 0 && !selected ? p.yellow() : base);
    }

    private static void graphs(Canvas c, MonitModel m, Palette p, int top, int rows) {
        int left = c.width() / 2;
        String name = m.selectedProcess().map(ProcessView::name).orElse("-");
        double cpuNow = m.cpuHistory().isEmpty() ? 0 : m.cpuHistory().getLast();
        long memNow = m.memHistory().isEmpty() ? 0 : m.memHistory().getLast();
        c.box(top, 0, rows, left, " CPU (" + name + ") " + TuiFormat.percent(cpuNow) + " ", p.border(), p.title());
        c.box(top, left, rows, c.width() - left, " Memory (" + name + ") " + TuiFormat.size(memNow) + " ", p.border(),
                p.title());
        List<String> cpu = sparkline(m.cpuHistory(), left - 2, rows - 2, 1.0);
        List<String> mem = sparkline(m.memHistory().stream().map(l -> (double) l).toList(), c.width() - left - 2, rows - 2, 1024.0);
        for (int i = 0; i < rows - 2; i++) {
            c.put(top + 1 + i, 1, cpu.get(i), p.green());
            c.put(top + 1 + i, left + 1, mem.get(i), p.blue());
        }
    }

    /**
     * The newest {@code cells} samples as bars {@code rows} high (top row first), scaled to the
     * largest sample (at least {@code floor}); each row holds eight levels of block characters.
     */
    static List<String> sparkline(List<Double> samples, int cells, int rows, double floor) {
        List<StringBuilder> out = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(new StringBuilder());
        }
        if (cells > 0 && !samples.isEmpty()) {
            List<Double> shown = samples.subList(Math.max(0, samples.size() - cells), samples.size());
            double max = Math.max(floor, shown.stream().mapToDouble(Double::doubleValue).max().orElse(floor));
            int levels = rows * SPARKS.length();
            for (double v : shown) {
                int height = Math.max(1, (int) Math.round(Math.max(0, v) / max * levels));
                for (int r = 0; r < rows; r++) {
                    int fromBottom = rows - 1 - r;
                    int inRow = Math.min(SPARKS.length(), Math.max(0, height - fromBottom * SPARKS.length()));
                    out.get(r).append(inRow == 0 ? ' ' : SPARKS.charAt(inRow - 1));
                }
            }
        }
        return out.stream().map(StringBuilder::toString).toList();
    }

    private static void logs(Canvas c, MonitModel m, Palette p, int top, int rows) {
        String name = m.selectedProcess().map(ProcessView::name).orElse("-");
        String state = m.logScroll() == 0 ? " auto " : " +" + m.logScroll() + " ";
        c.box(top, 0, rows, c.width(), " Logs (" + name + ") " + state, p.border(), p.title());
        int inner = rows - 2;
        int end = m.logs().size() - m.logScroll();
        int start = Math.max(0, end - inner);
        for (int i = start, r = top + 1; i < end; i++, r++) {
            LogLine line = m.logs().get(i);
            int col = c.put(r, 1, line.err() ? "[ERR] " : "[OUT] ", line.err() ? p.red() : p.green());
            c.put(r, col, Canvas.fit(line.text(), c.width() - 1 - col), line.err() ? p.red() : p.text());
        }
    }

    private static void footer(Canvas c, MonitModel m, Palette p) {
        int r = c.height() - 1;
        String text = m.mode() == Mode.FILTER ? " Filter: " + m.filterText() + "█  (Esc cancel, Enter apply)"
                : " q quit │ ↑↓/jk select │ / filter │ Tab sort │ Enter detail │ r restart │ s stop │ d delete │ K signal │ ? help";
        c.put(r, 0, Canvas.fit(text, c.width()), m.mode() == Mode.FILTER ? p.yellow() : p.dim());
    }

    private static void detail(Canvas c, ProcessView v, Palette p) {
        popup(c, p, " " + v.name() + " ", List.of(
                "Name      " + v.name(),
                "ID        " + v.id(),
                "PID       " + (v.pid() == 0 ? "-" : v.pid()),
                "Status    " + v.statusStr(),
                "CPU       " + TuiFormat.percent(v.cpuPercent()),
                "Memory    " + TuiFormat.size(v.memoryBytes()),
                "Uptime    " + (v.pid() == 0 ? "-" : TuiFormat.uptime(v.uptimeMs())),
                "Restarts  " + v.restartCount(),
                "Script    " + v.script(),
                "Cwd       " + v.cwd(),
                "",
                "Esc / Enter / q close"));
    }

    private static void help(Canvas c, Palette p) {
        popup(c, p, " Keys ", List.of(
                "q  Esc  Ctrl-C   quit",
                "↑ k   ↓ j        select a process",
                "Tab              sort: name, CPU, memory, uptime, restarts",
                "/                filter by name (Enter apply, Esc clear)",
                "Enter            details of the selected process",
                "r                restart it",
                "s                stop it (SIGTERM, then SIGKILL)",
                "d                delete it (asks first)",
                "K                send it a signal",
                "PgUp  PgDn       scroll its logs",
                "?                this help (Esc, ? or q closes)"));
    }

    private static void signals(Canvas c, MonitModel m, ProcessView v, Palette p) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("Send to '" + v.name() + "' (pid " + v.pid() + "):");
        for (int i = 0; i < MonitState.SIGNALS.size(); i++) {
            lines.add((i == m.signalChoice() ? "▸ " : "  ") + MonitState.SIGNALS.get(i));
        }
        lines.add("");
        lines.add("↑↓ choose, Enter send, Esc cancel");
        int row = popup(c, p, " Signal ", lines);
        c.put(row + 2 + m.signalChoice(), (c.width() - width(lines)) / 2 + 2, "▸ " + MonitState.SIGNALS.get(m.signalChoice()),
                p.selected());
    }

    private static int width(List<String> lines) {
        return Math.min(lines.stream().mapToInt(String::length).max().orElse(10) + 4, 200);
    }

    /** A centred box with {@code lines}; returns its top row. */
    private static int popup(Canvas c, Palette p, String title, List<String> lines) {
        int w = Math.min(c.width(), width(lines));
        int h = Math.min(c.height(), lines.size() + 2);
        int top = Math.max(0, (c.height() - h) / 2);
        int left = Math.max(0, (c.width() - w) / 2);
        c.clear(top, left, h, w, p.popup());
        c.box(top, left, h, w, title, p.popup(), p.title());
        for (int i = 0; i < lines.size() && i < h - 2; i++) {
            c.put(top + 1 + i, left + 2, Canvas.fit(lines.get(i), w - 4), p.popup());
        }
        return top;
    }
}
