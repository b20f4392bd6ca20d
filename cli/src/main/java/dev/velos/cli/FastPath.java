// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The commands scripts and status bars run over and over — {@code velos list} (also {@code ls},
 * with {@code --json} or {@code --ai}) and {@code velos ping} against a running daemon — answered
 * without building picocli's command model. Since picocli is compiled for release 25 its classes
 * come from the AOT cache, but building the model still reflects over the command classes and
 * generates a proxy class per annotation type at run time (the cache cannot hold those): measured
 * on issue 15, about 80 ms of CPU that this path does not spend. Anything else, or anything that
 * goes wrong (no daemon yet, an error to explain), returns empty and takes the normal path, which
 * does the same work with full error handling; the output of both paths is the same
 * ({@code FastPathTest} compares them).
 */
final class FastPath {
    private FastPath() {
    }

    /** Runs {@code args} if they are one of the fast commands and everything went well; the exit code. */
    static OptionalInt run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 0 || args.length > 2) {
            return OptionalInt.empty();
        }
        String option = args.length == 2 ? args[1] : "";
        return switch (args[0]) {
            case "list", "ls" -> option.isEmpty() || option.equals("--json") || option.equals("--ai")
                    ? list(context, out, err, option) : OptionalInt.empty();
            case "ping" -> option.isEmpty() ? ping(context, out) : OptionalInt.empty();
            default -> OptionalInt.empty();
        };
    }

    private static OptionalInt list(CliContext context, PrintWriter out, PrintWriter err, String option) {
        List<ProcessView> views;
        try (VelosClient client = VelosClient.connect(context.socket(), context.timeout())) {
            views = client.list();
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
        ListCommand.Format format = switch (option) {
            case "--ai" -> ListCommand.Format.AI;
            case "--json" -> ListCommand.Format.JSON;
            default -> ListCommand.Format.TABLE;
        };
        ListCommand.print(views, format, new Style(context.colour()), out, err);
        return OptionalInt.of(ExitCode.OK);
    }

    private static OptionalInt ping(CliContext context, PrintWriter out) {
        try (VelosClient client = VelosClient.connect(context.socket(), context.timeout())) {
            client.ping();
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
        out.println("[velos] pong");
        return OptionalInt.of(ExitCode.OK);
    }
}
