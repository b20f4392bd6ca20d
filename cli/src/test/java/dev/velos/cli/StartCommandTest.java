// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.velos.ipc.Commands;
import dev.velos.model.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

class StartCommandTest {
    @TempDir
    Path dir;

    private Path socket;
    private FakeDaemon daemon;
    private CliContext context;

    @BeforeEach
    void setUp() throws Exception {
        socket = dir.resolve("d.sock");
        daemon = new FakeDaemon(socket);
        context = Cli.context(dir, socket, Cli.NO_DAEMON);
        Files.writeString(dir.resolve("server.js"), "console.log('hi')\n");
        daemon.on(Commands.START, args -> List.of(Cli.view(1, args.get("name").asText(), 4242, 1, "running")));
        daemon.on(Commands.INFO, args -> List.of(Cli.view(1, "server", 4242, 1, "running")));
    }

    @AfterEach
    void tearDown() {
        daemon.close();
    }

    @Test
    void aMissingScriptFailsBeforeTheDaemonIsContacted() {
        daemon.close();
        Cli.Result r = Cli.run(Cli.context(dir, dir.resolve("absent.sock"), Cli.NO_DAEMON), "start", "nope.js");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: script 'nope.js' not found in " + dir + "\n  Check the path");
        assertThat(r.err()).doesNotContain("Starting daemon");
        assertThat(daemon.requests).isEmpty();
    }

    @Test
    void startSendsTheScriptItsArgumentsAndTheEnvironment() {
        Cli.Result r = Cli.run(context, "start", "server.js", "--max-restarts", "3", "--no-autorestart", "--kill-timeout",
                "800", "--env-var", "PORT=8080", "--env-var", "CLI_ONLY=overridden", "--", "--port", "8080", "-v");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("[velos] Started 'server' (id=1)\n");
        JsonNode args = daemon.last(Commands.START).args();
        assertThat(args.get("name").asText()).isEqualTo("server");
        assertThat(args.get("script").asText()).isEqualTo("server.js");
        assertThat(args.get("cwd").asText()).isEqualTo(dir.toString());
        assertThat(args.get("args")).extracting(JsonNode::asText).containsExactly("--port", "8080", "-v");
        assertThat(args.get("env").get("PORT").asText()).isEqualTo("8080");
        assertThat(args.get("env").get("CLI_ONLY").asText()).isEqualTo("overridden");
        assertThat(args.get("env").has("HOME")).as("the shell's environment travels apart, as client_env").isFalse();
        assertThat(args.get("client_env").get("HOME").asText()).isEqualTo(dir.toString());
        assertThat(args.get("autorestart").asBoolean()).isFalse();
        assertThat(args.get("max_restarts").asInt()).isEqualTo(3);
        assertThat(args.get("kill_timeout_ms").asLong()).isEqualTo(800);
        assertThat(args.get("min_uptime_ms").isNull()).isTrue();
        assertThat(args.get("exp_backoff").isNull()).isTrue();
    }

    @Test
    void envVarValuesMayContainEqualsSigns() {
        assertThat(Cli.run(context, "start", "server.js", "--env-var", "OPTS=a=b,c").exit()).isZero();
        assertThat(daemon.last(Commands.START).args().get("env").get("OPTS").asText()).isEqualTo("a=b,c");
    }

    @Test
    void nameAndCwdFlags() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.writeString(sub.resolve("w.py"), "print(1)\n");
        Cli.Result r = Cli.run(context, "start", "w.py", "-n", "worker", "--cwd", "sub", "--exp-backoff", "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("{\"id\":1,\"instances\":1,\"name\":\"worker\"}\n");
        JsonNode args = daemon.last(Commands.START).args();
        assertThat(args.get("cwd").asText()).isEqualTo(sub.toString());
        assertThat(args.get("exp_backoff").asBoolean()).isTrue();
    }

    @Test
    void aMissingCwdIsReported() {
        Cli.Result r = Cli.run(context, "start", "server.js", "--cwd", "nowhere");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("working directory '" + dir.resolve("nowhere") + "' does not exist");
    }

    @Test
    void invalidNamesAreRefusedHere() {
        Cli.Result r = Cli.run(context, "start", "server.js", "-n", "../x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Error: invalid process name '../x'", "Choose another --name.");
        Cli.Result colon = Cli.run(context, "start", "server.js", "-n", "api:0");
        assertThat(colon.err()).contains("reserved for cluster instances");
        assertThat(daemon.requests).isEmpty();
    }

    @Test
    void anInvalidDerivedNameSuggestsName() throws Exception {
        Files.writeString(dir.resolve("my app.sh"), "echo\n");
        Cli.Result r = Cli.run(context, "start", "my app.sh");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("invalid process name 'my app'", "give one with --name");
    }

    @Test
    void aRunningDuplicateIsAnErrorThatSaysWhatToDo() {
        daemon.fail(Commands.START, ErrorCode.ALREADY_EXISTS, "process 'server' is already running (id=1)");
        Cli.Result r = Cli.run(context, "start", "server.js");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: process 'server' is already running (id=1)\n"
                + "  Restart it with 'velos restart server', or start another copy with a different --name.\n");
    }

    /** No post-start sleep and poll (issue 15): one request, and the answer is printed at once. */
    @Test
    void startSendsOneRequestAndDoesNotPoll() {
        Cli.Result r = Cli.run(context, "start", "server.js");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("[velos] Started 'server' (id=1)\n");
        assertThat(daemon.commands()).containsExactly(Commands.START);
    }

    @Test
    void aProgramThatCannotBeExecutedIsAnErrorAtOnce() {
        daemon.fail(Commands.START, ErrorCode.SPAWN_FAILED, "cannot start 'server': /srv/server.js: Permission denied (EACCES)");
        Cli.Result r = Cli.run(context, "start", "server.js");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: cannot start 'server': /srv/server.js: Permission denied (EACCES)");
        assertThat(daemon.commands()).containsExactly(Commands.START);
    }

    @Test
    void autoStartAnnouncesItselfOnStderr() {
        daemon.close();
        Path fresh = dir.resolve("fresh.sock");
        FakeDaemon[] started = new FakeDaemon[1];
        Cli.CountingStarter starter = new Cli.CountingStarter(() -> started[0] = new FakeDaemon(fresh)
                .on(Commands.START, args -> List.of(Cli.view(5, "server", 1, 1, "running")))
                .on(Commands.INFO, args -> List.of(Cli.view(5, "server", 1, 1, "running"))));
        try {
            Cli.Result r = Cli.run(Cli.context(dir, fresh, starter), "start", "server.js");
            assertThat(r.exit()).isZero();
            assertThat(r.err()).isEqualTo("[velos] Starting daemon...\n");
            assertThat(r.out()).isEqualTo("[velos] Started 'server' (id=5)\n");
            assertThat(starter.calls).hasValue(1);
        } finally {
            if (started[0] != null) {
                started[0].close();
            }
        }
    }
}
