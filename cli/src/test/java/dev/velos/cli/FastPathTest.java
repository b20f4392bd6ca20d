// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.Commands;
import dev.velos.ipc.WireTypes.Pong;

import static org.assertj.core.api.Assertions.assertThat;

/** The picocli-free path prints exactly what the full command line prints, and steps aside otherwise. */
class FastPathTest {
    @TempDir
    Path dir;

    private FakeDaemon daemon;
    private CliContext context;

    @BeforeEach
    void setUp() {
        Path socket = dir.resolve("d.sock");
        daemon = new FakeDaemon(socket);
        context = Cli.context(dir, socket, Cli.NO_DAEMON);
        daemon.on(Commands.LIST, args -> List.of(Cli.view(1, "api", 4242, 1, "running"),
                Cli.view(2, "worker:0", 4343, 2, "errored", 7)));
        daemon.on(Commands.PING, args -> new Pong("0.1.0", 99, 1234));
    }

    @AfterEach
    void tearDown() {
        daemon.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "ls", "list --json", "ls --ai", "ping"})
    void printsWhatTheFullCommandLinePrints(String command) {
        String[] args = command.split(" ");
        StringWriter fast = new StringWriter();
        StringWriter fastErr = new StringWriter();
        OptionalInt code = FastPath.run(context, new PrintWriter(fast, true), new PrintWriter(fastErr, true), args);
        StringWriter slow = new StringWriter();
        StringWriter slowErr = new StringWriter();
        int slowCode = VelosCli.commandLine(context, new PrintWriter(slow, true), new PrintWriter(slowErr, true), args)
                .execute(args);
        assertThat(code).hasValue(slowCode);
        assertThat(fast.toString()).isNotEmpty().isEqualTo(slow.toString());
        assertThat(fastErr.toString()).isEqualTo(slowErr.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"list --names", "list --json --ai", "ping --json", "info api", "--help", "list -h"})
    void leavesEverythingElseToPicocli(String command) {
        StringWriter out = new StringWriter();
        assertThat(FastPath.run(context, new PrintWriter(out, true), new PrintWriter(out, true), command.split(" "))).isEmpty();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void stepsAsideWhenNoDaemonAnswers() {
        daemon.close();
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out, true);
        assertThat(FastPath.run(context, writer, writer, "list")).isEmpty();
        assertThat(FastPath.run(context, writer, writer, "ping")).isEmpty();
        assertThat(out.toString()).isEmpty();
    }
}
