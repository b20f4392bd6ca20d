// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import picocli.CommandLine;

/**
 * Every {@code velos} subcommand, in the order {@code --help} lists them. They are registered
 * with picocli here rather than in {@code @Command(subcommands = …)} so that a command such as
 * {@code velos list} builds the model of {@code list} only: picocli reflects over every
 * registered class when the command line is created, and on the path of a client command that
 * work is start-up time (issue 9). Help, completions and unknown commands get all of them.
 */
final class Subcommands {
    static final List<Class<?>> ALL = List.of(StartCommand.class, ApplyCommand.class, StartOrReloadCommand.class,
            ImportCommand.class, ExportCommand.class, StopCommand.class, RestartCommand.class,
            ReloadCommand.class, RunNowCommand.class, DeleteCommand.class, ListCommand.class, JlistCommand.class, InfoCommand.class, LogsCommand.class,
            SaveCommand.class, ResurrectCommand.class, PingCommand.class, KillCommand.class, UpdateCommand.class, FlushCommand.class,
            ScaleCommand.class, ResetCommand.class, DaemonCommand.class, RunCommand.class, SignalCommand.class, MonitCommand.class, CompletionsCommand.class,
            StartupCommand.class, UnstartupCommand.class, McpServerCommand.class, MetricsCommand.class, ApiCommand.class,
            TokenCommand.class, AuditCommand.class, CommandLine.HelpCommand.class);

    /** Commands whose output describes the whole command tree. */
    private static final java.util.Set<String> NEEDS_ALL = java.util.Set.of("help", "completions");

    private Subcommands() {
    }

    /**
     * Registers on {@code root} the subcommand {@code args} names, or all of them when the
     * arguments name none (or only options, something unknown, so picocli can list them or
     * suggest the closest, or a command that describes the others: help, completions).
     */
    static void register(CommandLine root, String... args) {
        String first = firstWord(args);
        if (first != null && !NEEDS_ALL.contains(first)) {
            for (Class<?> type : ALL) {
                if (name(type).equals(first) || aliases(type).contains(first)) {
                    root.addSubcommand(type);
                    return;
                }
            }
        }
        ALL.forEach(root::addSubcommand);
    }

    private static String firstWord(String... args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    private static String name(Class<?> type) {
        return type.getAnnotation(CommandLine.Command.class).name();
    }

    private static List<String> aliases(Class<?> type) {
        return List.of(type.getAnnotation(CommandLine.Command.class).aliases());
    }
}
