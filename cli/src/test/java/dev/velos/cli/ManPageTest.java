// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class ManPageTest {
    @Test
    void thePageHasASectionForEveryVisibleCommandWithItsOptionsAndExamples() {
        CommandLine root = VelosCli.commandLine(CliContext.fromEnvironment(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        String roff = ManPage.roff(root, LocalDate.of(2026, 1, 2));

        assertThat(roff).startsWith(".\\\" Generated").contains(".TH VELOS 1 \"2026-01-02\" \"velos ", ".SH NAME\nvelos \\- ",
                ".SH SYNOPSIS", ".SH COMMANDS", ".SH EXAMPLES", ".SH EXIT STATUS");
        root.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) {
                assertThat(roff).as("section of %s", name).contains(".SS " + ManPage.escape(name));
            }
        });
        assertThat(roff).contains(".SS signal <signal> <target>", ".B \\-n, \\-\\-name \\fI<name>\\fR",
                "velos start server.js \\-\\-name api", "velos monit").doesNotContain("%n").doesNotContain("\n.SS list --names");
    }

    @Test
    void roffControlCharactersInTextAreMadeLiteral() {
        assertThat(ManPage.escape(".hidden -x \\n")).isEqualTo("\\&.hidden \\-x \\en");
    }
}
