// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The everyday commands in their plain forms, run without building picocli's command model:
 * {@code list}/{@code ls}, {@code ping}, {@code info}/{@code show}, {@code stop}, {@code restart},
 * {@code reload}, {@code delete}/{@code del} on one target, {@code start <script>} with the app's
 * arguments and its everyday options (name, instances, no autorestart, log size), {@code start
 * --config <file>} — each optionally
 * with {@code --json} ({@code --ai} for list and info);
 * {@code logs [<target>]} with any of {@code -l/--lines <n>}, {@code --raw}, {@code --raw-color},
 * {@code --out}, {@code --err}, {@code -f/--follow}, {@code --json} (the benchmark's
 * {@code logs <app> -l 100}); {@code save}, {@code resurrect}, {@code kill}, {@code flush [<target>]},
 * {@code scale <name> <count>} and {@code signal <signal> <target>}, each with {@code --json} or
 * not; {@code --version} (or {@code -V}) alone; and {@code daemon} with its own options (issue
 * 15.2: no command pays for the model when it does not need it).
 * Since picocli is compiled for release 25 its classes come from the AOT cache, but building the
 * model still reflects over the command classes and generates a proxy class per annotation type at
 * run time (the cache cannot hold those): measured on issue 15, about 80 ms of CPU per command
 * that this path does not spend. The arguments are matched here; the command itself is the same
 * class with the same {@code execute} and error handling ({@link AbstractCommand#runDetached}), so
 * both paths print the same ({@code FastPathTest} compares them). Any other form — another option,
 * an option twice, {@code --opt=value}, {@code --help}, a value starting with '-' — returns empty
 * and takes picocli's path, which parses it (or explains what is wrong) as it always did.
 */
final class FastPath {
    private static final Set<String> TARGET_COMMANDS = Set.of("info", "show", "stop", "restart", "reload", "delete", "del");

    private FastPath() {
    }

    /** Runs {@code args} if they are one of the plain forms; the exit code, or empty for picocli's path. */
    static OptionalInt run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println(VersionProvider.line()); // what picocli's version option prints without --verbose
            return OptionalInt.of(ExitCode.OK);
        }
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
            case "logs" -> logs(rest);
            case "save" -> noArguments(new SaveCommand(), rest);
            case "resurrect" -> noArguments(new ResurrectCommand(), rest);
            case "kill" -> noArguments(new KillCommand(), rest);
            case "flush" -> flush(rest);
            case "scale" -> scale(rest);
            case "signal" -> signal(rest);
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
            case "reload" -> new ReloadCommand();
            default -> new DeleteCommand();
        };
        c.targetArg = rest.getFirst();
        return flags(c, rest.subList(1, rest.size()), c instanceof InfoCommand) ? c : null;
    }

    /**
     * {@code start <script> [<arg>...] [-n|--name <name>] [--no-autorestart] [--json] [-- <arg>...]},
     * each option at most once, in any order, as picocli reads them (words after the script, and
     * everything after {@code --}, are the app's arguments). Options with values that
     * {@code StartCommand} validates (instances, sizes, ...) go to picocli, whose spec its usage
     * errors need. A word that may name a known app takes this path only with {@code --json} at
     * most: with a setting it describes a new app, which {@code StartCommand} decides from
     * picocli's parse result.
     */
    private static AbstractCommand start(List<String> rest) {
        if (!rest.isEmpty() && (rest.getFirst().equals("--config") || rest.getFirst().equals("--json") && rest.size() > 1
                && rest.get(1).equals("--config"))) {
            return startConfig(rest);
        }
        if (rest.isEmpty() || !plain(rest.getFirst())) {
            return null;
        }
        StartCommand c = new StartCommand();
        c.script = rest.getFirst();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("--")) {
                c.args.addAll(rest.subList(i + 1, rest.size()));
                break;
            }
            if (plain(arg)) {
                c.args.add(arg);
                continue;
            }
            String option = arg.equals("-n") ? "--name" : arg;
            if (!seen.add(option)) {
                return null;
            }
            switch (option) {
                case "--json" -> c.json = true;
                case "--no-autorestart" -> c.noAutorestart = true;
                case "--name" -> {
                    if (i + 1 >= rest.size() || !plain(rest.get(i + 1))) {
                        return null;
                    }
                    c.name = rest.get(++i);
                }
                default -> {
                    return null;
                }
            }
        }
        boolean settings = seen.stream().anyMatch(o -> !o.equals("--json"));
        return settings && KnownAppStart.mayName(c.script) ? null : c;
    }

    /**
     * {@code start --config <file> [--json]}, in either order: the config start (issue 15: start 100
     * apps from a config), whose work is reading the file and one batch request; picocli's model
     * would add about 50 ms. Any other option ({@code --env}, {@code --only}, {@code --no-autorestart},
     * ...) goes to picocli.
     */
    private static AbstractCommand startConfig(List<String> rest) {
        StartCommand c = new StartCommand();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("--config") && c.config == null && i + 1 < rest.size() && plain(rest.get(i + 1))) {
                c.config = java.nio.file.Path.of(rest.get(++i));
            } else if (arg.equals("--json") && !c.json) {
                c.json = true;
            } else {
                return null;
            }
        }
        return c.config == null ? null : c;
    }

    /**
     * {@code logs [<target>] [-l|--lines <n>] [--raw] [--raw-color] [--out] [--err] [-f|--follow] [--json]},
     * in any order, each at most once. A count that is not a plain non-negative number is left
     * to picocli, so LogsCommand's own usage errors (which need picocli's spec) never happen here.
     */
    private static AbstractCommand logs(List<String> rest) {
        LogsCommand c = new LogsCommand();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (plain(arg)) {
                if (c.targetArg != null) {
                    return null;
                }
                c.targetArg = arg;
                continue;
            }
            String option = switch (arg) {
                case "-l" -> "--lines";
                case "-f" -> "--follow";
                default -> arg;
            };
            if (!seen.add(option)) {
                return null;
            }
            switch (option) {
                case "--lines" -> {
                    if (i + 1 >= rest.size() || !isCount(rest.get(i + 1))) {
                        return null;
                    }
                    c.lines = Integer.valueOf(rest.get(++i));
                }
                case "--raw" -> c.raw = true;
                case "--raw-color" -> c.rawColor = true;
                case "--out" -> c.outOnly = true;
                case "--err" -> c.errOnly = true;
                case "--follow" -> c.follow = true;
                case "--json" -> c.json = true;
                default -> {
                    return null;
                }
            }
        }
        return c;
    }

    /** {@code save}, {@code resurrect}, {@code kill}: {@code [--json]}. */
    private static AbstractCommand noArguments(ClientCommand c, List<String> rest) {
        List<String> words = words(c, rest);
        return words != null && words.isEmpty() ? c : null;
    }

    /** {@code flush [<target>] [--json]}. */
    private static AbstractCommand flush(List<String> rest) {
        FlushCommand c = new FlushCommand();
        List<String> words = words(c, rest);
        if (words == null || words.size() > 1) {
            return null;
        }
        c.target = words.isEmpty() ? null : words.getFirst();
        return c;
    }

    /** {@code scale <name> <count> [--json]}, with a count that is not an option ({@code -1} goes to picocli). */
    private static AbstractCommand scale(List<String> rest) {
        ScaleCommand c = new ScaleCommand();
        return twoWords(c, rest, (name, count) -> {
            c.name = name;
            c.count = count;
        });
    }

    /** {@code signal <signal> <target> [--json]}. */
    private static AbstractCommand signal(List<String> rest) {
        SignalCommand c = new SignalCommand();
        return twoWords(c, rest, (signal, target) -> {
            c.signal = signal;
            c.targetArg = target;
        });
    }

    /** {@code c} with its two positional parameters set by {@code set}, if {@code rest} is two words and at most {@code --json}. */
    private static AbstractCommand twoWords(ClientCommand c, List<String> rest, java.util.function.BiConsumer<String, String> set) {
        List<String> words = words(c, rest);
        if (words == null || words.size() != 2) {
            return null;
        }
        set.accept(words.get(0), words.get(1));
        return c;
    }

    /**
     * The positional words of {@code rest}, where the only option allowed is {@code --json}, once
     * (it sets {@code c.json}); null when anything else is there.
     */
    private static List<String> words(ClientCommand c, List<String> rest) {
        List<String> words = new java.util.ArrayList<>();
        for (String arg : rest) {
            if (plain(arg)) {
                words.add(arg);
            } else if (arg.equals("--json") && !c.json) {
                c.json = true;
            } else {
                return null;
            }
        }
        return words;
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

    /**
     * What picocli reads as an {@code Integer} option here, a count of lines: 1 to 9 ASCII digits.
     * Checked by hand: a regex would compile a Pattern on every command's start-up path.
     */
    private static boolean isCount(String arg) {
        if (arg.isEmpty() || arg.length() > 9) {
            return false;
        }
        for (int i = 0; i < arg.length(); i++) {
            if (arg.charAt(i) < '0' || arg.charAt(i) > '9') {
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
