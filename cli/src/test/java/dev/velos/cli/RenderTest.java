// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes.ProcessView;

import static org.assertj.core.api.Assertions.assertThat;

class RenderTest {
    private static final List<ProcessView> VIEWS = List.of(
            Cli.view(1, "api", 4242, 1, "running"),
            Cli.view(12, "worker:0", 0, 2, "errored", 3));

    @Test
    void listIsARoundedBoxTable() {
        assertThat(Render.table(VIEWS, Style.PLAIN)).isEqualTo("""
                ╭────┬──────────┬──────┬─────────┬─────────┬──────┬────────┬────────┬──────────╮
                │ id │ name     │ pid  │ mode    │ status  │ cpu  │ mem    │ uptime │ restarts │
                ├────┼──────────┼──────┼─────────┼─────────┼──────┼────────┼────────┼──────────┤
                │  1 │ api      │ 4242 │ fork    │ running │ 2.5% │ 45.0mb │ 9s     │ 0        │
                │ 12 │ worker:0 │ N/A  │ cluster │ errored │ 2.5% │ 45.0mb │ 9s     │ 3        │
                ╰────┴──────────┴──────┴─────────┴─────────┴──────┴────────┴────────┴──────────╯
                """);
    }

    @Test
    void colourWrapsPaddedCellsWithoutShiftingColumns() {
        String coloured = Render.table(VIEWS, new Style(true, false, false));
        assertThat(coloured).contains("\u001b[32mrunning\u001b[0m", "\u001b[31merrored\u001b[0m", "\u001b[1;37mid\u001b[0m");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(Render.table(VIEWS, Style.PLAIN));
    }

    @Test
    void statusColoursFollowTheReference() {
        Style s = new Style(true, false, false);
        assertThat(s.status("stopped", "x")).isEqualTo("\u001b[33mx\u001b[0m");
        assertThat(s.status("starting", "x")).isEqualTo("\u001b[36mx\u001b[0m");
        assertThat(Style.PLAIN.status("running", "x")).isEqualTo("x");
    }

    @Test
    void infoPadsLabelsToSixteenAfterTwoSpaces() {
        List<String> lines = Render.info(Cli.view(1, "api", 4242, 1, "running"), Style.PLAIN);
        assertThat(lines).startsWith(
                "  Name:           api",
                "  ID:             1",
                "  Script:         server.js",
                "  Args:           --port 8080",
                "  CWD:            /srv/app",
                "  PID:            4242",
                "  Status:         running",
                "  Memory:         45.0 MB",
                "  Uptime:         9s",
                "  Restarts:       0");
        assertThat(lines).contains("  Autorestart:    true", "  Max restarts:   15", "  Kill timeout:   5000 ms");
        assertThat(lines).noneMatch(l -> l.startsWith("  Crashes") || l.startsWith("  Interpreter") || l.startsWith("  Exp backoff"));
    }

}
