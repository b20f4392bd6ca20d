// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.logs.ClassifiedLine;
import dev.velos.model.Level;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14.6: on a terminal, what apps wrote is shown escaped, never interpreted; elsewhere it is left alone. */
class TerminalTextTest {
    /** Clear screen, a title (OSC 0), a clipboard write (OSC 52), a bare CR, a C1 CSI, DEL, a bidi override, BEL, NUL. */
    static final String HOSTILE = "a\u001b[2Jb\u001b]0;pwned\u0007c\u001b]52;c;ZXZpbA==\u0007d\rERROR e\u009b31mf\u007fg\u202eh\u2066i\u0000j";

    @Test
    void everyControlCharacterIsWrittenOutAsAnEscape() {
        assertThat(TerminalText.escape(HOSTILE)).isEqualTo("a\\x1b[2Jb\\x1b]0;pwned\\x07c\\x1b]52;c;ZXZpbA==\\x07d\\rERROR e"
                + "\\u009b31mf\\x7fg\\u202eh\\u2066i\\x00j");
        assertThat(TerminalText.escape(HOSTILE).chars()).noneMatch(TerminalText::isControl);
    }

    @Test
    void tabsBackslashesAndOrdinaryUnicodeStay() {
        String ordinary = "col1\tcol2 C:\\path\\x1b é ü ✓ 日本 \u200f 😀";
        assertThat(TerminalText.escape(ordinary)).isSameAs(ordinary);
    }

    @Test
    void theControlRangesAreC0ButTabDelC1AndTheBidiOverrides() {
        for (int cp = 0; cp < 0x3000; cp++) {
            boolean expected = cp < 0x20 && cp != '\t' || cp >= 0x7f && cp <= 0x9f || cp >= 0x202a && cp <= 0x202e
                    || cp >= 0x2066 && cp <= 0x2069;
            assertThat(TerminalText.isControl(cp)).as("U+%04X", cp).isEqualTo(expected);
        }
    }

    @Test
    void keepingColourLetsSgrThroughAndNothingElse() {
        String coloured = "\u001b[31mred\u001b[0m \u001b[1;38;2;1:2:3mx\u001b[m";
        assertThat(TerminalText.escape(coloured, true)).isEqualTo(coloured);
        assertThat(TerminalText.escape(coloured, false)).doesNotContain("\u001b");
        assertThat(TerminalText.escape("\u001b[2J\u001b[H\u001b]0;t\u0007\u001b[31", true))
                .isEqualTo("\\x1b[2J\\x1b[H\\x1b]0;t\\x07\\x1b[31");
    }

    @Test
    void logLinesOnATerminalAreEscapedAndElsewhereVerbatim() {
        LogsView.Line line = new LogsView.Line(new LogEntry(1, "api", "out", 1_700_000_000_000L, "\rboom\u001b[2J", false),
                new ClassifiedLine(1_700_000_000_000L, LogStream.STDOUT, Level.ERROR, "\rboom\u001b[2J"));
        Style terminal = new Style(false, true, false);
        assertThat(LogsView.plain(line, true, false, terminal)).endsWith("] \\rboom\\x1b[2J").startsWith("api | [ERROR|out|");
        assertThat(LogsView.plain(line, false, true, terminal)).isEqualTo("\\rboom\\x1b[2J");
        assertThat(LogsView.plain(line, false, true, Style.PLAIN)).isEqualTo("\rboom\u001b[2J");
    }

    @Test
    void infoValuesAreEscapedOnATerminalButVelosOwnColoursStay() {
        ProcessView hostile = new ProcessView(1, "api", 4242, 1, "running", 47_185_920L, 9_000L, 0, 2.5, 0, 0L,
                "/tmp/\u001b]0;x\u0007.sh", List.of("--a\u009b2J"), "/srv/app", "", 5000L, true, 15, 1000L, 0L, false, 0, 0,
                1_700_000_000_000L);
        String info = String.join("\n", Render.info(hostile, new Style(true, true, false)));
        assertThat(info).contains("Script:         /tmp/\\x1b]0;x\\x07.sh", "Args:           --a\\u009b2J",
                "Status:         \u001b[32mrunning\u001b[0m");
        assertThat(info.replace("\u001b[32m", "").replace("\u001b[0m", "").chars()).noneMatch(c -> TerminalText.isControl(c) && c != '\n');
    }

    @Test
    void jsonEscapesDelC1AndBidiToo() {
        String json = Json.compact(Json.object().put("m", HOSTILE));
        assertThat(json.chars()).noneMatch(TerminalText::isControl);
        assertThat(json).contains("\\u001B[2J", "\\u009B31m", "\\u007F", "\\u202E");
    }
}
