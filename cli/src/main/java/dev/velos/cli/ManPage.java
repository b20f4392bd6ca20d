// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * velos(1) in roff, generated from the picocli command model at build time (the cli module's
 * {@code prepare-package} phase runs {@link #main}), so the page lists exactly the commands and
 * options the jar has; {@code make install} puts it under {@code share/man/man1}.
 */
public final class ManPage {
    private ManPage() {
    }

    /** Writes the page to {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPage <output file>");
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        CommandLine root = VelosCli.commandLine(CliContext.fromEnvironment(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        Files.writeString(out, roff(root, LocalDate.now()));
    }

    static String roff(CommandLine root, LocalDate date) {
        CommandSpec spec = root.getCommandSpec();
        StringBuilder sb = new StringBuilder();
        sb.append(".\\\" Generated from the velos command model; do not edit.\n")
                .append(".TH VELOS 1 \"").append(date).append("\" \"velos ").append(VersionProvider.version())
                .append("\" \"User Commands\"\n")
                .append(".SH NAME\nvelos \\- process manager: starts, watches, restarts and logs your programs\n")
                .append(".SH SYNOPSIS\n.B velos\n.RI [ options ] \" command \" [ arguments ]\n")
                .append(".SH DESCRIPTION\n").append(paragraphs(text(spec.usageMessage().description())))
                .append(".SH OPTIONS\n").append(options(spec, true))
                .append(".SH COMMANDS\n");
        commands(sb, root);
        sb.append(".SH EXAMPLES\n").append(examples(spec).replace(".PP\n.B Examples:\n", ""))
                .append(".SH ENVIRONMENT\n")
                .append(".TP\n.B VELOS_HOME\nRuntime directory: state, logs, pid, lock and socket (default ~/.velos).\n")
                .append(".TP\n.B VELOS_SOCKET\nControl socket (default $VELOS_HOME/velos.sock).\n")
                .append(".TP\n.B NO_COLOR\nNo colours in the output.\n")
                .append(".TP\n.B VELOS_DEBUG\nStack traces with errors.\n")
                .append(".SH EXIT STATUS\n0 success, 1 runtime error, 2 usage error.\n")
                .append(".SH SEE ALSO\n.BR systemd.service (5),\n.BR launchd.plist (5)\n");
        return sb.toString();
    }

    /** A section per subcommand of {@code parent}, each followed by those of its own commands ({@code token create}). */
    private static void commands(StringBuilder sb, CommandLine parent) {
        parent.getSubcommands().forEach((name, sub) -> {
            CommandSpec s = sub.getCommandSpec();
            if (!s.name().equals(name) || s.usageMessage().hidden()) {
                return; // aliases are shown with their command
            }
            sb.append(".SS ").append(escape(synopsis(s))).append('\n');
            if (s.aliases().length > 0) {
                sb.append("Alias: ").append(escape(String.join(", ", s.aliases()))).append(".\n.PP\n");
            }
            sb.append(paragraphs(text(s.usageMessage().description())));
            for (PositionalParamSpec p : s.positionalParameters()) {
                if (!p.hidden()) {
                    sb.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n').append(escape(text(p.description()))).append('\n');
                }
            }
            sb.append(options(s, false));
            sb.append(examples(s));
            commands(sb, sub);
        });
    }

    /** {@code token create [<x>]}: the command's words after {@code velos}, then its positional parameters. */
    private static String synopsis(CommandSpec s) {
        String path = s.qualifiedName();
        StringBuilder sb = new StringBuilder(path.substring(path.indexOf(' ') + 1));
        for (PositionalParamSpec p : s.positionalParameters()) {
            if (!p.hidden()) {
                sb.append(' ').append(p.arity().min() == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel());
            }
        }
        return sb.toString();
    }

    /** The options of {@code s}; -h and -V only with {@code withHelp} (every command has them). */
    private static String options(CommandSpec s, boolean withHelp) {
        StringBuilder sb = new StringBuilder();
        for (OptionSpec o : s.options()) {
            if (o.hidden() || !withHelp && (o.usageHelp() || o.versionHelp())) {
                continue;
            }
            sb.append(".TP\n.B ").append(escape(String.join(", ", o.names())));
            if (o.arity().max() > 0) {
                sb.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            sb.append('\n').append(escape(text(o.description()))).append('\n');
        }
        return sb.toString();
    }

    private static String examples(CommandSpec s) {
        String[] footer = s.usageMessage().footer();
        if (footer.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(".PP\n.B Examples:\n.nf\n.RS\n");
        for (String line : text(footer).split("\n")) {
            sb.append(escape(line.strip())).append('\n');
        }
        return sb.append(".RE\n.fi\n").toString();
    }

    /** picocli's %n line breaks as newlines. */
    private static String text(String[] lines) {
        return String.join("\n", Arrays.asList(lines)).replace("%n", "\n").strip();
    }

    private static String paragraphs(String text) {
        if (text.isEmpty()) {
            return "";
        }
        List<String> lines = Arrays.stream(text.split("\n")).map(ManPage::escape).toList();
        return String.join("\n.br\n", lines) + "\n.PP\n";
    }

    /** Backslashes, hyphens (so they stay ASCII minus signs) and a leading dot or quote made literal. */
    static String escape(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        if (e.startsWith(".") || e.startsWith("'")) {
            e = "\\&" + e;
        }
        return e;
    }
}
