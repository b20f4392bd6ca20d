// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.velos.ipc.Commands;
import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes.Pong;
import dev.velos.ipc.WireTypes.ResurrectResult;
import dev.velos.ipc.WireTypes.SaveResult;
import dev.velos.ipc.WireTypes.ScaleResult;
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
        // No such pid: 'kill' finds the daemon gone at once.
        daemon.on(Commands.PING, args -> new Pong("0.1.0", Integer.MAX_VALUE, 1234));
        daemon.on(Commands.LOGS_READ, args -> List.of(new LogEntry(1, "api", "out", 1_700_000_000_123L, "ready", false),
                new LogEntry(1, "api", "err", 1_700_000_000_200L, "ERROR boom " + args.get("lines").asInt(), false)));
        daemon.on(Commands.SAVE, args -> new SaveResult(2, "/h/dump.bin"));
        daemon.on(Commands.RESURRECT, args -> new ResurrectResult(List.of("a"), List.of("b"), List.of("c"), "dump.bin"));
        daemon.on(Commands.KILL, args -> Map.of("stopping", true));
        daemon.on(Commands.LOGS_FLUSH, args -> List.of("api"));
        daemon.on(Commands.SCALE, args -> new ScaleResult(args.get("name").asText(), 1, 0, 3));
        daemon.on(Commands.SIGNAL, args -> List.of(Cli.view(1, "api", 4242, 1, "running")));
        for (String cmd : List.of(Commands.INFO, Commands.STOP, Commands.RESTART, Commands.RELOAD, Commands.DELETE)) {
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
        "start missing.js", "start server.js -- --port 1", "start server.js a b --name web",
        "start server.js --no-autorestart -n web --json -- --no-autorestart -n x", "start ./server.js --no-autorestart",
        "logs api", "logs api -l 100", "logs -l 100 api --raw", "logs api --lines 5 --err --json", "logs --out",
        "logs api --raw-color", "logs 1 -l 0 --out --err", "logs nope", "save", "save --json", "resurrect", "resurrect --json",
        "kill", "kill --json", "flush", "flush api --json", "scale api 3", "scale api +1 --json", "scale --json api max",
        "signal SIGUSR1 api", "signal 10 worker --json", "reload api", "reload worker --json", "reload nope", "--version", "-V"})
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
        "stop -h", "stop api --socket x", "start", "start --config", "start --config a.toml --env prod",
        "start --config a.toml --config b.toml", "start --config a.toml --json --json", "start --json --json --config a.toml",
        "start --config=a.toml", "start --name", "start server.js --name",
        "start server.js -n a --name b", "start server.js -i 2", "start server.js --log-max-size 1G", "start server.js --cwd /tmp", "start api --no-autorestart",
        "start api -n web", "--help", "list -h", "restart api --json --ai",
        "logs api --summary", "logs api --dedupe", "logs api -l", "logs api -l -5", "logs api -l 1e3", "logs api --lines=5",
        "logs api -l 5 -l 6", "logs api --raw --raw", "logs api web", "logs api --grep x", "logs api -f --summary",
        "save x", "save --json --json", "kill --help", "resurrect --ai", "flush a b", "scale api", "scale api -1",
        "--version --verbose", "-V --verbose", "--verbose --version", "--version list", "list --version",
        "scale api 2 3", "signal SIGUSR1", "signal -9 api", "reload", "reload api --ai"})
    void leavesEverythingElseToPicocli(String command) {
        StringWriter out = new StringWriter();
        assertThat(FastPath.run(context, new PrintWriter(out, true), new PrintWriter(out, true), command.split(" "))).isEmpty();
        assertThat(out.toString()).isEmpty();
        assertThat(daemon.requests).isEmpty();
    }

    /** {@code logs -f} streams (not compared by output here): the fast path sets the fields picocli sets. */
    @ParameterizedTest
    @ValueSource(strings = {"logs api -f", "logs -f -l 7 --raw-color --err", "logs --follow api --lines 0 --out --json --raw"})
    void logsOptionsAreSetAsPicocliSetsThem(String command) {
        String[] args = command.split(" ");
        LogsCommand fast = (LogsCommand) FastPath.command(args);
        LogsCommand parsed = (LogsCommand) VelosCli.commandLine(context, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), args).parseArgs(args).subcommand().commandSpec().userObject();
        assertThat(fast).usingRecursiveComparison().comparingOnlyFields("targetArg", "lines", "raw", "rawColor", "outOnly",
                "errOnly", "follow", "json", "summary", "dedupe").isEqualTo(parsed);
        assertThat(fast.follow).isTrue();
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

    /** {@code start --config <file> [--json]}: the config start sets what picocli sets, in either order. */
    @ParameterizedTest
    @ValueSource(strings = {"start --config apps.toml", "start --config apps.toml --json", "start --json --config apps.toml",
        "start --config ./a/b.toml"})
    void configStartOptionsAreSetAsPicocliSetsThem(String command) {
        String[] args = command.split(" ");
        StartCommand fast = (StartCommand) FastPath.command(args);
        StartCommand parsed = (StartCommand) VelosCli.commandLine(context, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), args).parseArgs(args).subcommand().commandSpec().userObject();
        assertThat(fast).usingRecursiveComparison().comparingOnlyFields("config", "script", "args", "json", "name",
                "noAutorestart", "maxRestarts").isEqualTo(parsed);
        assertThat(fast.config).isNotNull();
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
