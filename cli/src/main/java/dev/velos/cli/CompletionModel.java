// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What the shell completion scripts need, read from picocli's command model, so the scripts
 * never drift from the commands: each visible subcommand with its aliases and one-line
 * description, its options (which take a value, and the value's choices), what its positional
 * parameters complete to, and the commands of a group ({@code velos token create}), one level deep.
 */
record CompletionModel(String program, List<Option> rootOptions, List<Command> commands) {
    /** Labels of positional parameters that name a managed process. */
    private static final Set<String> PROCESS_LABELS = Set.of("<target>", "<name>", "<name|id|all>");
    /** Labels of positional parameters that are files. */
    private static final Set<String> FILE_LABELS = Set.of("<script>", "<file>", "<path>");

    /** How a value is completed: process names from the daemon, files, a fixed list, or not at all. */
    enum Kind { PROCESS, FILE, CHOICES, NONE }

    record Option(List<String> names, boolean takesValue, String description, Kind kind, List<String> choices) {
    }

    record Positional(int index, boolean repeats, Kind kind, List<String> choices, String label) {
    }

    /**
     * One command; {@code path} is its name preceded by its group's ({@code token create}), and
     * {@code subcommands} are a group's commands (empty for any other).
     */
    record Command(String name, List<String> aliases, String description, List<Option> options,
                          List<Positional> positionals, String path, List<Command> subcommands) {
        /** The name and the aliases. */
        List<String> allNames() {
            List<String> all = new ArrayList<>(List.of(name));
            all.addAll(aliases);
            return all;
        }

        /** The paths of this command: {@code token create}; with aliases, one per alias. */
        List<String> allPaths() {
            String group = path.substring(0, path.length() - name.length());
            return allNames().stream().map(n -> group + n).toList();
        }

        boolean isGroup() {
            return !subcommands.isEmpty();
        }

        /** This command, then each of a group's. */
        List<Command> withSubcommands() {
            List<Command> all = new ArrayList<>(List.of(this));
            all.addAll(subcommands);
            return all;
        }
    }

    static CompletionModel of(CommandLine root) {
        List<String> commandNames = new ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            CommandSpec spec = sub.getCommandSpec();
            if (!spec.usageMessage().hidden() && spec.name().equals(name)) {
                commandNames.add(name);
            }
        });
        return new CompletionModel(root.getCommandName(), options(root.getCommandSpec()), commands(root, "", commandNames));
    }

    /** The visible subcommands of {@code parent}, whose path is {@code group} ("" for the root). */
    private static List<Command> commands(CommandLine parent, String group, List<String> commandNames) {
        List<Command> commands = new ArrayList<>();
        parent.getSubcommands().forEach((name, sub) -> {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.usageMessage().hidden() || !spec.name().equals(name)) {
                return; // aliases are listed with their command
            }
            List<Positional> positionals = new ArrayList<>();
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.hidden()) {
                    continue;
                }
                List<String> choices = candidates(p.completionCandidates());
                if (name.equals("help")) {
                    choices = commandNames;
                }
                positionals.add(new Positional(p.index().min(), p.index().isUnresolved() || p.index().max() > p.index().min()
                        || p.isMultiValue(), kind(p.paramLabel(), choices), choices, p.paramLabel()));
            }
            // One level of groups is all velos has (velos token create); deeper ones would need the scripts to follow.
            List<Command> subcommands = group.isEmpty() ? commands(sub, name + " ", commandNames) : List.of();
            commands.add(new Command(name, List.of(spec.aliases()), firstLine(spec.usageMessage().description()),
                    options(spec), positionals, group + name, subcommands));
        });
        return commands;
    }

    private static List<Option> options(CommandSpec spec) {
        List<Option> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            boolean value = o.arity().max() > 0;
            List<String> choices = value ? candidates(o.completionCandidates()) : List.of();
            List<String> names = new ArrayList<>(List.of(o.names()));
            if (o.negatable()) {
                // --[no-]log-compress: picocli accepts the negated form, so the shells offer it too.
                for (String n : o.names()) {
                    String negated = spec.negatableOptionTransformer().makeNegative(n, spec);
                    if (!negated.equals(n)) {
                        names.add(negated);
                    }
                }
            }
            options.add(new Option(List.copyOf(names), value, firstLine(o.description()),
                    value ? kind(o.paramLabel(), choices) : Kind.NONE, choices));
        }
        return options;
    }

    private static Kind kind(String label, List<String> choices) {
        if (!choices.isEmpty()) {
            return Kind.CHOICES;
        }
        if (PROCESS_LABELS.contains(label)) {
            return Kind.PROCESS;
        }
        if (FILE_LABELS.contains(label) || label.contains("dir") || label.contains("file") || label.contains("path")) {
            return Kind.FILE;
        }
        return Kind.NONE;
    }

    private static List<String> candidates(Iterable<String> candidates) {
        List<String> list = new ArrayList<>();
        if (candidates != null) {
            candidates.forEach(list::add);
        }
        return list;
    }

    /** The first line of a description, without picocli's format markers; "" if none. */
    private static String firstLine(String[] description) {
        if (description == null || description.length == 0) {
            return "";
        }
        String text = description[0].replace("%n", "\n");
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }

    /** Every command and every command of a group, in the model's order. */
    List<Command> allCommands() {
        return commands.stream().flatMap(c -> c.withSubcommands().stream()).toList();
    }

    /** Every command name and alias, in the model's order. */
    List<String> commandWords() {
        List<String> words = new ArrayList<>();
        commands.forEach(c -> words.addAll(c.allNames()));
        return words;
    }
}
