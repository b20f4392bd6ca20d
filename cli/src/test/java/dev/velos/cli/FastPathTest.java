// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.velos.ipc.Commands;
import dev.velos.ipc.WireTypes.Pong;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;

/** The picocli-free path prints exactly what the full command line prints, and steps aside otherwise. */
class FastPathTest {
    @TempDir
    Path dir;

    private FakeDaemon daemon;
    private CliContext context;

    @BeforeEach
    void setUp() throws Exception {
        Path socket = dir.resolve("d.sock");
        daemon = new FakeDaemon(socket);
        context = Cli.context(dir, socket, Cli.NO_DAEMON);
        Files.writeString(dir.resolve("server.js"), "console.log('hi')\n");
        daemon.on(Commands.LIST, args -> List.of(Cli.view(1, "api", 4242, 1, "running"),
                Cli.view(2, "worker:0", 4343, 2, "errored", 7)));
        daemon.on(Commands.PING, args -> new Pong("0.1.0", 99, 1234));
        for (String cmd : List.of(Commands.INFO, Commands.STOP, Commands.RESTART, Commands.DELETE)) {
            daemon.on(cmd, args -> switch (args.get("target").asText()) {
                case "api", "1" -> List.of(Cli.view(1, "api", 4242, 1, "running"));
                case "worker", "all" -> List.of(Cli.view(2, "worker:0", 4343, 1, "running"), Cli.view(3, "worker:1", 4344, 1,
                        "running"));
                default -> throw new VelosException(ErrorCode.NOT_FOUND, "process '" + args.get("target").asText()
                        + "' not found; run 'velos list' to see the names");
            });
        }
        daemon.on(Commands.START, args -> {
            if (args.get("name").asText().equals("taken")) {
                throw new VelosException(ErrorCode.ALREADY_EXISTS, "process 'taken' is already running (id=1)");
            }
            return List.of(Cli.view(5, args.get("name").asText(), 4545, 1, "running"));
        });
    }

    @AfterEach
    void tearDown() {
        daemon.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "ls", "list --json", "ls --ai", "ping", "ping --json",
        "info api", "show 1 --json", "info worker --ai", "info worker --json", "info nope",
        "stop api", "stop worker --json", "stop nope", "restart api", "restart all --json", "restart worker",
        "delete api --json", "del nope",
        "start server.js", "start server.js --name web", "start server.js -n web --json", "start server.js --name taken",
        "start missing.js"})
    void printsWhatTheFullCommandLinePrints(String command) {
        String[] args = command.split(" ");
        StringWriter fast = new StringWriter();
        StringWriter fastErr = new StringWriter();
        OptionalInt code = FastPath.run(context, new PrintWriter(fast, true), new PrintWriter(fastErr, true), args);
        StringWriter slow = new StringWriter();
        StringWriter slowErr = new StringWriter();
        int slowCode = VelosCli.commandLine(context, new PrintWriter(slow, true), new PrintWriter(slowErr, true), args)
                .execute(args);
        assertThat(code).as("taken by the fast path").hasValue(slowCode);
        assertThat(fast + fastErr.toString()).isNotEmpty();
        assertThat(fast.toString()).isEqualTo(slow.toString());
        assertThat(fastErr.toString()).isEqualTo(slowErr.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"list --names", "list --json --ai", "ping --ai", "info", "info --json", "info api --show-env",
        "stop -h", "stop api --socket x", "start", "start --config a.toml", "start server.js -- --port 1",
        "start server.js --name", "start server.js -i 2", "logs api", "--help", "list -h", "restart api --json --ai"})
    void leavesEverythingElseToPicocli(String command) {
        StringWriter out = new StringWriter();
        assertThat(FastPath.run(context, new PrintWriter(out, true), new PrintWriter(out, true), command.split(" "))).isEmpty();
        assertThat(out.toString()).isEmpty();
        assertThat(daemon.requests).isEmpty();
    }

    @Test
    void withoutADaemonPingSaysSoLikeTheFullPath() {
        daemon.close();
        StringWriter fast = new StringWriter();
        OptionalInt code = FastPath.run(context, new PrintWriter(fast, true), new PrintWriter(fast, true), "ping");
        StringWriter slow = new StringWriter();
        int slowCode = VelosCli.commandLine(context, new PrintWriter(slow, true), new PrintWriter(slow, true), "ping")
                .execute("ping");
        assertThat(code).hasValue(slowCode).hasValue(ExitCode.RUNTIME);
        assertThat(fast.toString()).isEqualTo(slow.toString()).startsWith("Error: the velos daemon is not running");
    }

    /** What auto-start and the startup unit run: the daemon's launch skips picocli's model too. */
    @Test
    void daemonOptionsAreSetAsPicocliSetsThem() {
        String[] autoStart = {"daemon", "--state-dir", "/run/v", "--socket", "/run/v/velos.sock"};
        DaemonCommand fast = (DaemonCommand) FastPath.command(autoStart);
        DaemonCommand parsed = (DaemonCommand) VelosCli.commandLine(context, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), autoStart).parseArgs(autoStart).subcommand().commandSpec().userObject();
        assertThat(fast.stateDir).isEqualTo(parsed.stateDir).isEqualTo(Path.of("/run/v"));
        assertThat(fast.socketOption).isEqualTo(parsed.socketOption).isEqualTo(Path.of("/run/v/velos.sock"));
        assertThat(fast.resurrect).isEqualTo(parsed.resurrect).isFalse();
        assertThat(((DaemonCommand) FastPath.command("daemon", "--resurrect")).resurrect).isTrue();
        assertThat(FastPath.command("daemon")).isInstanceOf(DaemonCommand.class);
        for (String bad : List.of("daemon --resurrect --resurrect", "daemon --state-dir", "daemon --socket --resurrect",
                "daemon --help", "daemon -x")) {
            assertThat(FastPath.command(bad.split(" "))).as(bad).isNull();
        }
    }
}
