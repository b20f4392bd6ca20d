// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The everyday commands in their plain forms — {@code list}/{@code ls}, {@code ping},
 * {@code info}/{@code show}, {@code stop}, {@code restart}, {@code delete}/{@code del} on one
 * target, {@code start <script>} with at most {@code --name} — each optionally with
 * {@code --json} ({@code --ai} for list and info) — and {@code daemon} with its own options, run
 * without building picocli's command model.
 * Since picocli is compiled for release 25 its classes come from the AOT cache, but building the
 * model still reflects over the command classes and generates a proxy class per annotation type at
 * run time (the cache cannot hold those): measured on issue 15, about 80 ms of CPU per command
 * that this path does not spend. The arguments are matched here; the command itself is the same
 * class with the same {@code execute} and error handling ({@link AbstractCommand#runDetached}), so
 * both paths print the same ({@code FastPathTest} compares them). Any other form — another option,
 * {@code --help}, a value starting with '-' — returns empty and takes picocli's path.
 */
final class FastPath {
    private static final Set<String> TARGET_COMMANDS = Set.of("info", "show", "stop", "restart", "delete", "del");

    private FastPath() {
    }

    /** Runs {@code args} if they are one of the plain forms; the exit code, or empty for picocli's path. */
    static OptionalInt run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        AbstractCommand command = command(args);
        return command == null ? OptionalInt.empty() : OptionalInt.of(command.runDetached(new VelosCli(context), out, err));
    }

    /** The command {@code args} name, its fields set as picocli would set them; null when they are not a plain form. */
    static AbstractCommand command(String... args) {
        if (args.length == 0) {
            return null;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        return switch (args[0]) {
            case "list", "ls" -> list(rest);
            case "ping" -> ping(rest);
            case "start" -> start(rest);
            case "daemon" -> daemon(rest);
            default -> TARGET_COMMANDS.contains(args[0]) ? target(args[0], rest) : null;
        };
    }

    private static AbstractCommand list(List<String> rest) {
        ListCommand c = new ListCommand();
        return flags(c, rest, true) ? c : null;
    }

    private static AbstractCommand ping(List<String> rest) {
        PingCommand c = new PingCommand();
        return flags(c, rest, false) ? c : null;
    }

    /** {@code <command> <target> [--json | --ai]}. */
    private static AbstractCommand target(String name, List<String> rest) {
        if (rest.isEmpty() || !plain(rest.getFirst())) {
            return null;
        }
        TargetCommand c = switch (name) {
            case "info", "show" -> new InfoCommand();
            case "stop" -> new StopCommand();
            case "restart" -> new RestartCommand();
            default -> new DeleteCommand();
        };
        c.targetArg = rest.getFirst();
        return flags(c, rest.subList(1, rest.size()), c instanceof InfoCommand) ? c : null;
    }

    /** {@code start <script> [--name <name> | -n <name>] [--json]}. */
    private static AbstractCommand start(List<String> rest) {
        if (rest.isEmpty() || !plain(rest.getFirst())) {
            return null;
        }
        StartCommand c = new StartCommand();
        c.script = rest.getFirst();
        List<String> options = rest.subList(1, rest.size());
        if (options.size() >= 2 && (options.get(0).equals("--name") || options.get(0).equals("-n")) && plain(options.get(1))) {
            c.name = options.get(1);
            options = options.subList(2, options.size());
        }
        return flags(c, options, false) ? c : null;
    }

    /**
     * {@code daemon [--resurrect] [--state-dir <dir>] [--socket <path>]}, in any order: what
     * auto-start and the startup units run, so the daemon's own launch skips picocli's model too.
     */
    private static AbstractCommand daemon(List<String> rest) {
        DaemonCommand c = new DaemonCommand();
        for (int i = 0; i < rest.size(); i++) {
            String option = rest.get(i);
            String value = i + 1 < rest.size() && plain(rest.get(i + 1)) ? rest.get(i + 1) : null;
            if (option.equals("--resurrect") && !c.resurrect) {
                c.resurrect = true;
            } else if (option.equals("--state-dir") && value != null && c.stateDir == null) {
                c.stateDir = java.nio.file.Path.of(value);
                i++;
            } else if (option.equals("--socket") && value != null && c.socketOption == null) {
                c.socketOption = java.nio.file.Path.of(value);
                i++;
            } else {
                return null;
            }
        }
        return c;
    }

    /** At most one of {@code --json} or (where {@code aiAllowed}) {@code --ai}; anything else is not a plain form. */
    private static boolean flags(ClientCommand c, List<String> options, boolean aiAllowed) {
        if (options.isEmpty()) {
            return true;
        }
        if (options.size() > 1) {
            return false;
        }
        switch (options.getFirst()) {
            case "--json" -> c.json = true;
            case "--ai" -> {
                if (!aiAllowed) {
                    return false;
                }
                if (c instanceof ListCommand l) {
                    l.ai = true;
                } else {
                    ((InfoCommand) c).ai = true;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A value, not an option or an argument file: picocli decides about anything else. */
    private static boolean plain(String arg) {
        return !arg.isEmpty() && !arg.startsWith("-");
    }
}
