// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code velos}: the command line of the process manager. {@link #main} only exits with
 * {@link #run(String...)}; tests call {@link #run(PrintWriter, PrintWriter, String...)} or the
 * package-private overload that also takes a {@link CliContext}. Each subcommand is one thin class
 * over {@link dev.velos.ipc.VelosClient}; exit codes live in {@link ExitCode}.
 */
@Command(name = "velos", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        resourceBundle = "dev.velos.cli.Messages", sortOptions = false, usageHelpAutoWidth = false)
public final class VelosCli implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    /** Only with {@code --version}: also the Java runtime (see {@link VersionProvider}). */
    @picocli.CommandLine.Option(names = "--verbose", descriptionKey = "verbose")
    boolean verbose;

    VelosCli(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    public static void main(String[] args) {
        SelectorProviders.skipLookup();
        System.exit(run(args));
    }

    /** Runs {@code velos args} on this process's stdout/stderr (UTF-8) and environment; returns the exit code. */
    public static int run(String... args) {
        return run(utf8(FileDescriptor.out), utf8(FileDescriptor.err), args);
    }

    /** Runs {@code velos args} with output captured by the caller; the environment is this process's. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(CliContext.fromEnvironment(), out, err, args);
    }

    static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        try {
            java.util.OptionalInt fast = FastPath.run(context, out, err, args);
            if (fast.isPresent()) {
                return fast.getAsInt();
            }
            return commandLine(context, out, err, args).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command line for {@code args}: only the subcommand they name is registered (see {@link Subcommands}). */
    static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new VelosCli(context));
        Subcommands.register(cl, args);
        cl.setOut(out);
        cl.setErr(err);
        // '@file' arguments are passed through as they are: velos never reads argument files.
        cl.setExpandAtFiles(false);
        // 'velos scale api -1': a negative count is a count, not an unknown option.
        CommandLine scale = cl.getSubcommands().get("scale");
        if (scale != null) {
            scale.setUnmatchedOptionsArePositionalParams(true);
        }
        cl.setParameterExceptionHandler(VelosCli::usageError);
        HelpExamples.addMissing(cl);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("Error: " + AbstractCommand.describe(ex));
            return ExitCode.RUNTIME;
        });
        return cl;
    }

    /** Usage errors: what is wrong, picocli's suggestions, and where the help is; exit 2. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        err.println("Error: " + message(ex));
        if (isUnknownCommand(ex)) {
            String word = ((UnmatchedArgumentException) ex).getUnmatched().getFirst();
            CommandSuggestions.suggest(word, line.getSubcommands().keySet())
                    .ifPresent(s -> err.println("  Did you mean: velos " + s + "?"));
        } else {
            UnmatchedArgumentException.printSuggestions(ex, err);
        }
        if (ex instanceof UnmatchedArgumentException && line.getCommand() instanceof StartCommand) {
            err.println("  Arguments for the script go after '--', e.g. velos start app.js -- --port 8080");
        }
        err.println("  Run '" + line.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCode.USAGE;
    }

    /** A word where velos expected a command ({@code velos describ}): suggested by {@link CommandSuggestions}, not picocli. */
    private static boolean isUnknownCommand(ParameterException ex) {
        return ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().getFirst().startsWith("-") && u.getCommandLine().getCommand() instanceof VelosCli;
    }

    /** picocli's message, except for a mistyped command, which it calls an "unmatched argument". */
    private static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().getFirst().startsWith("-")) {
            CommandLine line = u.getCommandLine();
            if (line.getCommand() instanceof VelosCli) {
                return "unknown command '" + u.getUnmatched().getFirst() + "'";
            }
            if (!line.getSubcommands().isEmpty()) { // a group: velos token frob
                return "unknown command '" + u.getUnmatched().getFirst() + "' of " + line.getCommandSpec().qualifiedName()
                        + " (its commands: " + String.join(", ", line.getSubcommands().keySet()) + ")";
            }
        }
        return ex.getMessage();
    }

    /** {@code velos} alone: the usage, on stderr, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    private static PrintWriter utf8(FileDescriptor fd) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8)), true);
    }
}
