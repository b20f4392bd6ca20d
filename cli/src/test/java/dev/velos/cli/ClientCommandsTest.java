// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.Commands;
import dev.velos.ipc.WireTypes.LogEntry;
import dev.velos.ipc.WireTypes.Pong;
import dev.velos.ipc.WireTypes.ResurrectResult;
import dev.velos.ipc.WireTypes.SaveResult;
import dev.velos.model.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/** Every client command against a fake daemon on a real socket. */
class ClientCommandsTest {
    @TempDir
    Path dir;

    private FakeDaemon daemon;
    private CliContext context;

    @BeforeEach
    void setUp() {
        Path socket = dir.resolve("d.sock");
        daemon = new FakeDaemon(socket);
        context = Cli.context(dir, socket, Cli.NO_DAEMON);
    }

    @AfterEach
    void tearDown() {
        daemon.close();
    }

    private Cli.Result run(String... args) {
        return Cli.run(context, args);
    }

    @Test
    void listPrintsTheTableOrSaysThereIsNothing() {
        daemon.on(Commands.LIST, args -> List.of());
        assertThat(run("list").out()).isEqualTo("[velos] No processes running\n");
        assertThat(run("ls", "--json").out()).isEqualTo("[]\n");
        daemon.on(Commands.LIST, args -> List.of(Cli.view(1, "api", 4242, 1, "running")));
        assertThat(run("list").out()).startsWith("╭────┬──────┬").contains("│  1 │ api  │ 4242 │ fork │ running │");
        assertThat(run("list", "--json").out()).contains("\"status\": 1,\n    \"status_str\": \"running\",");
    }

    @Test
    void anUnknownProcessSaysWhatToDo() {
        daemon.fail(Commands.STOP, ErrorCode.NOT_FOUND, "no process named 'ghost'");
        Cli.Result r = run("stop", "ghost");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: process 'ghost' not found.\n  Run 'velos list' to see the names.\n");
        assertThat(daemon.last(Commands.STOP).args().get("target").asText()).isEqualTo("ghost");
    }

    @Test
    void stopReportsOneProcessOrInstancesOrAll() {
        daemon.on(Commands.STOP, args -> List.of(Cli.view(1, "api", 0, 0, "stopped")));
        assertThat(run("stop", "api").out()).isEqualTo("[velos] Stopped process 'api' (id=1)\n");
        assertThat(run("stop", "api", "--json").out()).isEqualTo("[{\"stopped\":1}]\n");
        daemon.on(Commands.STOP, args -> List.of(Cli.view(2, "web:0", 0, 0, "stopped"), Cli.view(3, "web:1", 0, 0, "stopped")));
        assertThat(run("stop", "web").out()).isEqualTo("[velos] Stopped 2 instances of 'web'\n");
        assertThat(run("stop", "all").out()).isEqualTo("[velos] Stopped 'web:0' (id=2)\n[velos] Stopped 'web:1' (id=3)\n");
        daemon.on(Commands.STOP, args -> List.of());
        assertThat(run("stop", "all").out()).isEqualTo("[velos] No processes to stop\n");
    }

    @Test
    void restartAndDeleteOutputs() {
        daemon.on(Commands.RESTART, args -> List.of(Cli.view(4, "api", 9, 1, "running", 1)));
        assertThat(run("restart", "4").out()).isEqualTo("[velos] Restarted process 'api' (id=4)\n");
        assertThat(run("restart", "api", "--json").out()).isEqualTo("{\"restarted\":4}\n");
        assertThat(run("restart", "all", "--json").out()).isEqualTo("[\n  {\n    \"id\": 4,\n    \"name\": \"api\"\n  }\n]\n");
        daemon.on(Commands.DELETE, args -> List.of(Cli.view(4, "api", 0, 0, "stopped")));
        assertThat(run("delete", "api").out()).isEqualTo("[velos] Deleted process 'api' (id=4)\n");
        assertThat(run("delete", "api", "--json").out()).isEqualTo("{\"deleted\":4}\n");
    }

    @Test
    void infoPrintsLabelsOrJson() {
        daemon.on(Commands.INFO, args -> List.of(Cli.view(1, "api", 4242, 1, "running")));
        assertThat(run("info", "api").out()).startsWith("  Name:           api\n  ID:             1\n");
        assertThat(run("info", "api", "--json").out()).startsWith("{\n  \"id\": 1,\n  \"name\": \"api\",")
                .contains("\"status_str\": \"running\"");
    }

    @Test
    void logsAsksForTheRightStreamAndFormatsLines() {
        daemon.on(Commands.LOGS_READ, args -> List.of(
                new LogEntry(1, "api", "out", 1_700_000_000_123L, "ready", false),
                new LogEntry(1, "api", "err", 1_700_000_000_200L, "warn: slow", false)));
        Cli.Result r = run("logs", "api", "-l", "10");
        assertThat(r.out()).isEqualTo("[INFO|out|" + LogsView.clock(1_700_000_000_123L) + "] ready\n[WARN|err|"
                + LogsView.clock(1_700_000_000_200L) + "] warn: slow\n");
        var args = daemon.last(Commands.LOGS_READ).args();
        assertThat(args.get("target").asText()).isEqualTo("api");
        assertThat(args.get("lines").asInt()).isEqualTo(10);
        assertThat(args.get("stream").asText()).isEqualTo("all");
        run("logs", "api", "--err");
        assertThat(daemon.last(Commands.LOGS_READ).args().get("stream").asText()).isEqualTo("err");
        run("logs", "api", "--out");
        assertThat(daemon.last(Commands.LOGS_READ).args().get("lines").asInt()).isEqualTo(50);
        assertThat(daemon.last(Commands.LOGS_READ).args().get("stream").asText()).isEqualTo("out");
        assertThat(run("logs", "api", "--json").out()).contains("\"level\": \"Warn\",\n    \"stream\": 1,\n    \"stream_str\": \"err\",");
        assertThat(run("logs", "api", "--ai").out()).isEqualTo(
                "[{\"l\":\"info\",\"m\":\"ready\",\"t\":1700000000123},{\"l\":\"warn\",\"m\":\"warn: slow\",\"t\":1700000000200}]\n");
        assertThat(run("logs", "api", "--raw").out()).isEqualTo("ready\nwarn: slow\n");
        assertThat(run("logs", "api", "--level", "warn").out()).doesNotContain("ready").contains("warn: slow");
        assertThat(run("logs", "api", "--grep", "sl.w").out()).doesNotContain("ready").contains("warn: slow");
        Cli.Result badGrep = run("logs", "api", "--grep", "(unclosed");
        assertThat(badGrep.exit()).isEqualTo(ExitCode.RUNTIME);
        assertThat(badGrep.err()).contains("invalid grep pattern");
        daemon.on(Commands.LOGS_READ, a -> List.of());
        assertThat(run("logs", "api").out()).isEqualTo("[velos] No log entries for 'api'\n");
    }

    @Test
    void saveAndResurrect() {
        daemon.on(Commands.SAVE, args -> new SaveResult(2, "/h/dump.bin"));
        assertThat(run("save").out()).isEqualTo("[velos] Process list saved successfully (2 processes in /h/dump.bin)\n");
        assertThat(run("save", "--json").out()).isEqualTo("{\"saved\":true,\"count\":2,\"path\":\"/h/dump.bin\"}\n");
        daemon.on(Commands.RESURRECT, args -> new ResurrectResult(List.of("a"), List.of("b"), List.of("c"), "dump.bin"));
        assertThat(run("resurrect").out()).isEqualTo("[velos] Restored 2 process(es) from dump.bin\n"
                + "[velos] Kept stopped, as saved: b\n[velos] Already present, skipped: c\n");
        assertThat(run("resurrect", "--json").out()).isEqualTo(
                "{\"restored\":2,\"started\":[\"a\"],\"stopped\":[\"b\"],\"skipped\":[\"c\"],\"source\":\"dump.bin\"}\n");
        daemon.on(Commands.RESURRECT, args -> new ResurrectResult(List.of(), List.of(), List.of(), null));
        assertThat(run("resurrect").out()).isEqualTo("[velos] No saved processes to restore\n");
        daemon.on(Commands.RESURRECT, args -> new ResurrectResult(List.of(), List.of(), List.of("a1", "b"), "dump.bin"));
        assertThat(run("resurrect").out()).isEqualTo("[velos] Nothing to restore: already present: a1, b\n");
    }

    @Test
    void pingAnswersPongAndNeverStartsADaemon() {
        daemon.on(Commands.PING, args -> new Pong("0.1.0", 77, 1000));
        assertThat(run("ping").out()).isEqualTo("[velos] pong\n");
        assertThat(run("ping", "--json").out()).isEqualTo("{\"pong\":true,\"version\":\"0.1.0\",\"pid\":77,\"uptime_ms\":1000}\n");
        Cli.Result none = Cli.run(Cli.context(dir, dir.resolve("none.sock"), Cli.NO_DAEMON), "ping");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).startsWith("Error: the velos daemon is not running (no socket at ").contains("Start it with: velos daemon");
    }

    @Test
    void killWithoutADaemonIsFine() {
        Cli.Result r = Cli.run(Cli.context(dir, dir.resolve("none.sock"), Cli.NO_DAEMON), "kill");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("[velos] The daemon is not running; nothing to stop\n");
    }

    /**
     * Issue 14.9: kill asks for nothing that needs the daemon's event loop (no list): ping for
     * the pid, then kill. The apps are counted from the OS (the daemon's children; none here).
     */
    @Test
    void killStopsTheDaemonWithoutListingAndWaitsForIt() {
        int gone = Integer.MAX_VALUE; // no such pid: the wait ends at once
        daemon.on(Commands.PING, args -> new Pong("0.1.0", gone, 1))
                .on(Commands.LIST, args -> List.of(Cli.view(1, "api", 10, 1, "running"), Cli.view(2, "b", 0, 0, "stopped")))
                .on(Commands.KILL, args -> java.util.Map.of());
        Cli.Result r = run("kill");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("[velos] Stopped 0 processes and the daemon (pid " + gone + ")\n");
        assertThat(daemon.commands()).containsExactly(Commands.PING, Commands.KILL);
    }

    @Test
    void aFailingAutoStartSaysHowToSeeWhy() {
        Cli.CountingStarter starter = new Cli.CountingStarter(() -> {
            throw new IllegalStateException("the velos daemon did not come up within 5 s");
        });
        Cli.Result r = Cli.run(Cli.context(dir, dir.resolve("none.sock"), starter), "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("[velos] Starting daemon...\n"
                + "Error: could not start the velos daemon: the velos daemon did not come up within 5 s\n"
                + "  Run it in the foreground to see why: velos daemon\n");
    }

    @Test
    void socketOptionOverridesTheContext() {
        daemon.on(Commands.LIST, args -> List.of());
        Cli.Result r = Cli.run(Cli.context(dir, dir.resolve("none.sock"), Cli.NO_DAEMON), "list", "--socket", "d.sock");
        assertThat(r.out()).isEqualTo("[velos] No processes running\n");
    }
}
