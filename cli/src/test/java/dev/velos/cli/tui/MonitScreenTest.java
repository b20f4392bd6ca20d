// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.velos.cli.tui.MonitModel.LogLine;

import static org.assertj.core.api.Assertions.assertThat;

class MonitScreenTest {
    private static final Palette PLAIN = Palette.of(false);

    private static List<String> frame(MonitState state, int width, int height) {
        List<LogLine> logs = List.of(new LogLine(false, "listening on :8080"), new LogLine(true, "warn: slow query"));
        return MonitScreen.render(state.snapshot(logs, 0), PLAIN, width, height).plainLines();
    }

    private static MonitState three() {
        MonitState state = new MonitState();
        state.update(Views.three(), 3_723_000, 0);
        return state;
    }

    @Test
    void aFrameHasTheHeaderTableGraphsLogsAndFooterOfTheReference() {
        List<String> lines = frame(three(), 120, 30);

        assertThat(lines).hasSize(30).allSatisfy(l -> assertThat(l.codePointCount(0, l.length())).isEqualTo(120));
        assertThat(lines.getFirst()).startsWith(" Velos Monitor | 3 procs | CPU 67.5% | MEM 2.05 GB | up 1h 2m");
        assertThat(lines.get(1)).startsWith("┌─ Processes ─");
        assertThat(lines.get(2)).contains("ID", "Name ▼", "PID", "Status", "CPU%", "MEM", "Uptime", "Restarts");
        assertThat(lines.get(3)).contains("▸ 1", "api", "4101", "running", "█░░░░░░░ 12.5%", "48.0 MB", "1m 5s");
        assertThat(lines.get(4)).contains("  3", "web", "2.00 GB").doesNotContain("▸");
        assertThat(lines.get(5)).contains("worker", "-", "errored", "0 B", "3");
        assertThat(String.join("\n", lines)).contains(" CPU (api) 12.5% ", " Memory (api) 48.0 MB ", " Logs (api)  auto ",
                "[OUT] listening on :8080", "[ERR] warn: slow query");
        assertThat(lines.getLast()).startsWith(" q quit │ ↑↓/jk select │ / filter │ Tab sort │ Enter detail │ r restart");
    }

    /** Issue 14.6: what an app printed is drawn escaped; no ESC, DEL, C1 or bidi override of its own reaches the terminal. */
    @Test
    void controlCharactersInLogLinesAreDrawnEscapedInTheirCells() {
        String hostile = "x\u001b[2J\u001b]52;c;ZXZpbA==\u0007\rERROR\u007f\u009b31m\u202eevil";
        MonitState state = three();
        Canvas canvas = MonitScreen.render(state.snapshot(List.of(new LogLine(false, hostile)), 0), Palette.of(true), 120, 30);

        String plain = String.join("\n", canvas.plainLines());
        assertThat(plain).contains("[OUT] x\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\rERROR\\x7f\\u009b31m\\u202eevil");
        assertThat(canvas.plainLines()).allSatisfy(l -> assertThat(l.codePointCount(0, l.length())).isEqualTo(120));
        // What the terminal gets: the dashboard's own SGR sequences, and not one control character besides.
        String sent = String.join("\n", canvas.ansiLines()).replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(sent.chars()).noneMatch(c -> c != '\n' && (c < 0x20 || c >= 0x7f && c <= 0x9f || c >= 0x202a && c <= 0x202e));
    }

    @Test
    void aControlCharacterThatBypassesFitNeverMovesTheCursor() {
        Canvas canvas = new Canvas(6, 1);
        canvas.put(0, 0, "a\u009bb\u007fc\u2067", "");
        assertThat(canvas.plainLines()).containsExactly("a b c ");
    }

    @Test
    void theSortMarkerFollowsTabAndTheSelectionMarkerFollowsJ() {
        MonitState state = three();
        state.onKey(Key.of(Key.Type.TAB));
        state.onKey(Key.ch('j'));
        List<String> lines = frame(state, 120, 30);
        assertThat(lines.get(2)).contains("Name ", "CPU% ▼").doesNotContain("Name ▼");
        assertThat(lines.get(3)).contains("  3", "web");
        assertThat(lines.get(4)).contains("  1", "api").doesNotContain("▸");
        assertThat(lines.get(5)).contains("▸ 2", "worker");
    }

    @Test
    void popupsAndTheFilterPromptAreDrawnOverTheFrame() {
        MonitState state = three();
        state.onKey(Key.of(Key.Type.ENTER));
        assertThat(String.join("\n", frame(state, 100, 30))).contains("Name      api", "PID       4101", "Restarts  0");
        state.onKey(Key.of(Key.Type.ESC));
        state.onKey(Key.ch('K'));
        assertThat(String.join("\n", frame(state, 100, 30))).contains(" Signal ", "▸ SIGTERM", "SIGUSR2");
        state.onKey(Key.of(Key.Type.ESC));
        state.onKey(Key.ch('/'));
        state.onKey(Key.ch('w'));
        assertThat(frame(state, 100, 30).getLast()).startsWith(" Filter: w█  (Esc cancel, Enter apply)");
    }

    @Test
    void aResizedTerminalGetsAFrameOfItsSizeAndATinyOneAMessage() {
        assertThat(frame(three(), 80, 24)).hasSize(24).allSatisfy(l -> assertThat(l.codePointCount(0, l.length())).isEqualTo(80));
        assertThat(frame(three(), 40, 5).getFirst()).startsWith("velos monit: terminal too small");
    }

    @Test
    void sparklinesScaleToTheLargestSampleOverSeveralRows() {
        assertThat(MonitScreen.sparkline(List.of(0.0, 50.0, 100.0), 10, 1, 1.0)).containsExactly("▁▄█");
        assertThat(MonitScreen.sparkline(List.of(100.0, 25.0), 10, 2, 1.0)).containsExactly("█ ", "█▄");
        assertThat(MonitScreen.sparkline(List.of(1.0, 2.0, 3.0), 2, 1, 1.0)).containsExactly("▅█");
    }

    @Test
    void colourFramesCarryTheStatusColours() {
        String ansi = String.join("\n", MonitScreen.render(three().snapshot(List.of(), 0), Palette.of(true), 120, 30).ansiLines());
        assertThat(ansi).contains("\u001b[38;2;166;227;161m", "\u001b[38;2;243;139;168m"); // green running, red errored
    }
}
