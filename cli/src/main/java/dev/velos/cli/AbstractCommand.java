// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.IpcException;
import dev.velos.ipc.IpcTimeoutException;
import dev.velos.ipc.ProtocolException;
import dev.velos.model.VelosException;

import picocli.CommandLine.ParameterException;

/**
 * Runs a command and turns whatever went wrong into {@code Error: <what happened>} plus an
 * indented line saying what to do next, with the exit code of {@link ExitCode}. Subclasses only
 * implement {@link #execute()}.
 */
abstract class AbstractCommand extends BaseCommand implements Callable<Integer> {
    /** Where a command run by {@link FastPath} prints: it has no picocli spec to ask. */
    private PrintWriter detachedOut;
    private PrintWriter detachedErr;

    /**
     * Runs this command without picocli's model, its fields already set by {@link FastPath}: the
     * same {@link #execute()} and the same error handling as {@link #call()}, printing to
     * {@code out}/{@code err}. A usage error (which needs picocli to explain) is rethrown before
     * anything was sent, so the caller can take the full path.
     */
    final int runDetached(VelosCli velos, PrintWriter out, PrintWriter err) {
        parent = velos;
        detachedOut = out;
        detachedErr = err;
        return call();
    }

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ParameterException e) {
            throw e; // picocli's parameter handler prints it and returns ExitCode.USAGE
        } catch (CliException e) {
            return fail(e.getMessage(), e.hint(), e.exitCode(), e);
        } catch (DaemonUnavailableException e) {
            boolean lost = e.getMessage() != null && e.getMessage().startsWith("lost");
            return fail(e.getMessage(), lost
                    ? "See the daemon's log: " + context().home().resolve("daemon.log")
                    : "Start it with: velos daemon (any command such as 'velos list' also starts it in the background)",
                    ExitCode.RUNTIME, e);
        } catch (IpcTimeoutException e) {
            return fail(e.getMessage(), timeoutHint(), ExitCode.RUNTIME, e);
        } catch (ProtocolException e) {
            return fail("protocol error: " + e.getMessage(),
                    "The daemon may run another velos version: run 'velos kill', then retry.", ExitCode.RUNTIME, e);
        } catch (IpcException e) {
            return daemonError(e);
        } catch (VelosException e) {
            return fail(e.getMessage(), null, ExitCode.RUNTIME, e);
        } catch (RuntimeException e) {
            return fail(describe(e), null, ExitCode.RUNTIME, e);
        }
    }

    /** The command's work; returns the exit code. */
    abstract int execute();

    /** The process the command acts on, for "not found" messages; null when there is none. */
    String target() {
        return null;
    }

    PrintWriter out() {
        return spec == null ? detachedOut : spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec == null ? detachedErr : spec.commandLine().getErr();
    }

    /** {@code velos <command>}, for "see its --help" hints. */
    private String qualifiedName() {
        return spec == null ? "velos " + getClass().getAnnotation(picocli.CommandLine.Command.class).name()
                : spec.qualifiedName();
    }

    /** How stdout shows text (colours, escaping on a terminal). */
    Style style() {
        CliContext.Terminals t = context().terminals();
        return new Style(t.colour(), t.stdout(), false);
    }

    /** How stderr shows text: no colours, escaping on a terminal. */
    Style errStyle() {
        return new Style(false, context().terminals().stderr(), false);
    }

    private int daemonError(IpcException e) {
        String target = target();
        return switch (e.code()) {
            case NOT_FOUND -> target != null
                    ? fail("process '" + target + "' not found.", "Run 'velos list' to see the names.", ExitCode.RUNTIME, e)
                    : fail(e.getMessage(), "Run 'velos list' to see the names.", ExitCode.RUNTIME, e);
            case ALREADY_EXISTS -> fail(e.getMessage(), "Restart it with 'velos restart " + (target == null ? "<name>" : target)
                    + "', or start another copy with a different --name.", ExitCode.RUNTIME, e);
            case INVALID_ARGUMENT -> fail(e.getMessage(), "See '" + qualifiedName() + " --help'.", ExitCode.RUNTIME, e);
            case SPAWN_FAILED -> fail(e.getMessage(), outOfResources(e.getMessage())
                    ? "The daemon is out of processes or file descriptors (ulimit -u / -n, or a cgroup's pids.max): stop"
                    + " some apps or raise its limits, then retry."
                    : "Check the script, its interpreter and --cwd.", ExitCode.RUNTIME, e);
            case CLOSED -> fail(e.getMessage(), "The daemon is shutting down; retry in a moment.", ExitCode.RUNTIME, e);
            case SYSTEM -> fail(e.getMessage(), null, ExitCode.RUNTIME, e);
            case INTERNAL -> fail("the daemon failed: " + e.getMessage(), "This is a velos bug; the daemon's log is "
                    + context().home().resolve("daemon.log"), ExitCode.RUNTIME, e);
        };
    }

    /**
     * What to do about a daemon that did not answer in time (issue 14.12). A read-only command is
     * answered at once by a working daemon, so the daemon is stopped or wedged; a change may still
     * be under way (a stop waits for the app's kill timeout).
     */
    private String timeoutHint() {
        String stuck = "'velos kill' ends a daemon that does not answer (SIGTERM, then SIGKILL; its apps keep running"
                + " until the next daemon takes them over); its log is " + context().home().resolve("daemon.log");
        return this instanceof ClientCommand c && c.readOnly()
                ? "The daemon is not responding: it may be stopped (kill -STOP, a debugger) or overloaded. " + stuck
                : "It may still be carrying the change out (a stop waits up to each app's kill timeout): check with"
                + " 'velos list'. " + stuck;
    }

    /** A spawn that failed for lack of resources, not because of the app's own settings. */
    private static boolean outOfResources(String message) {
        return message != null && (message.contains("EAGAIN") || message.contains("EMFILE") || message.contains("ENFILE")
                || message.contains("ENOMEM"));
    }

    private int fail(String message, String hint, int code, Throwable cause) {
        PrintWriter err = err();
        // The message may quote what an app or a user wrote (a script path in a spawn failure).
        Style style = errStyle();
        err.println("Error: " + style.untrusted(message));
        if (hint != null) {
            err.println("  " + style.untrusted(hint));
        }
        if (context().env().containsKey("VELOS_DEBUG")) {
            cause.printStackTrace(err);
        }
        return code;
    }

    /** A one-line description of an unexpected exception: its message, else its type. */
    static String describe(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
