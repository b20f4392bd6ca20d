// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.Console;
import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import dev.velos.cli.tui.MonitApp;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code velos monit}: the live dashboard ({@link MonitApp}) on a real terminal, through JLine's
 * FFM provider. When stdin/stdout are not a terminal, or it is dumb, it prints the process table
 * every second instead, so piping it or running it under a plain console still shows something.
 */
@Command(name = "monit")
final class MonitCommand extends AbstractCommand {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Option(names = {"-n", "--count"}, paramLabel = "<n>", descriptionKey = "monit-count")
    int count;

    @Override
    int execute() {
        CliContext context = context();
        // Connect first: a daemon that cannot start is reported before the screen is taken over.
        VelosClient client = ClientCommand.connectStarting(context, err(), context.readTimeout());
        if (!interactive()) {
            return plain(client);
        }
        client.close();
        try (Terminal terminal = TerminalBuilder.builder().system(true).providers("ffm").dumb(true).build()) {
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                return plain(ClientCommand.connectStarting(context, err(), context.readTimeout()));
            }
            return new MonitApp(terminal, () -> VelosClient.connect(context.socket(), context.timeout()),
                    !context.env().containsKey("NO_COLOR")).run();
        } catch (IOException e) {
            throw new CliException("cannot use the terminal: " + e.getMessage(), "Run 'velos list' instead.",
                    ExitCode.RUNTIME, e);
        }
    }

    /** A terminal on both ends, and one that can move the cursor. */
    private boolean interactive() {
        Console console = System.console();
        String term = context().env().getOrDefault("TERM", "");
        return console != null && console.isTerminal() && !term.isEmpty() && !"dumb".equals(term);
    }

    /** The degraded dashboard: the table with a time stamp, every second, {@code --count} times (0: until interrupted). */
    private int plain(VelosClient client) {
        try (client) {
            for (int i = 0; count == 0 || i < count; i++) {
                if (i > 0) {
                    Thread.sleep(1000);
                }
                List<ProcessView> views = client.list();
                out().println("[velos] monit " + LocalTime.now().format(CLOCK) + " (" + views.size() + " processes; Ctrl-C to stop)");
                out().print(views.isEmpty() ? "[velos] No processes running\n" : Render.table(views, style()));
                out().println();
                out().flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }
}
