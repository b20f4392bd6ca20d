// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20 through a real daemon: a socket-activated python3 HTTP server on a socket velos holds
 * ({@code listen}) under a load client opening a connection per request, and a printer writing a
 * numbered line every millisecond. {@code daemon.restart} hands everything to a successor (the
 * apps keep their pids, no request fails, each line is on disk once); a successor that cannot
 * start leaves the old daemon serving; a {@code kill -9} of the daemon leaves the apps running and
 * the next daemon adopts them, reading on from their pipes, and restarts the one that died while
 * nobody watched. The {@code velos daemon restart} command is the CLI's to add; this drives the
 * daemon's socket ({@link VelosClient#daemonRestart}).
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
class DaemonHandoverEndToEndTest extends EndToEndTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int LINES = 6000;

    @BeforeEach
    void needsPython() {
        assumeTrue(Files.isExecutable(PYTHON), "needs python3 for the socket-activated HTTP app");
    }

    /** The supervisor tests' socket-activated HTTP server (one copy of it in the repository). */
    private static Path httpApp() {
        return VelosCli.REPO.resolve("supervisor/src/test/resources/dev/velos/supervisor/activated_http.py");
    }

    private Path printer() throws IOException {
        Path script = apps.resolve("printer.py");
        Files.writeString(script, "import time\nfor i in range(1, " + (LINES + 1) + "):\n    print('line', i, flush=True)\n"
                + "    time.sleep(0.001)\nprint('done', flush=True)\ntime.sleep(3000)\n");
        return script;
    }

    private static WireTypes.StartArgs app(String name, List<String> args) {
        return new WireTypes.StartArgs(name, PYTHON.toString(), args, null, null, Map.of(), null, null, null, null, null, null);
    }

    /** Starts the HTTP app on {@code port} and the printer; returns once the server answers. */
    private void startApps(VelosClient client, int port) throws IOException {
        client.start(app("web", List.of(httpApp().toString())).withListen(List.of("tcp://127.0.0.1:" + port)));
        client.start(app("printer", List.of(printer().toString())));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (HttpLoad probe = new HttpLoad(port, 1, 1, 1)) {
                Thread.sleep(300);
                return probe.ok() > 0;
            }
        });
    }

    private Map<String, Integer> pids(VelosClient client) {
        Map<String, Integer> pids = new java.util.HashMap<>();
        client.list().forEach(v -> pids.put(v.name(), v.pid()));
        return pids;
    }

    private List<Integer> printedLines() throws IOException {
        List<Integer> numbers = new ArrayList<>();
        for (String line : Files.readAllLines(velos.logs().resolve("printer-out.log"))) {
            int at = line.indexOf(" line ");
            if (at > 0) {
                numbers.add(Integer.parseInt(line.substring(at + 6).trim()));
            }
        }
        return numbers;
    }

    private boolean printerDone() {
        try {
            return Files.readString(velos.logs().resolve("printer-out.log")).contains(" done");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aDaemonRestartUnderLoadKeepsThePidsFailsNoRequestAndWritesEveryLineOnce() throws Exception {
        velos.ok("list");
        long oldDaemon = velos.daemonPid().orElseThrow();
        int port = 43211;
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(120))) {
            startApps(client, port);
            Map<String, Integer> before = pids(client);
            try (HttpLoad load = new HttpLoad(port, 4, 90, 300_000)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> load.ok() > 50);
                WireTypes.DaemonRestartResult result = client.daemonRestart("");
                assertThat(result.oldPid()).isEqualTo(oldDaemon);
                assertThat(result.newPid()).isNotEqualTo(oldDaemon);
                assertThat(result.apps()).isEqualTo(2);
                long afterRestart = load.ok();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.ok() > afterRestart + 50);
                await().atMost(Duration.ofSeconds(60)).until(this::printerDone);
                load.close();
                System.out.println("DaemonHandoverEndToEndTest: restart under load, " + load.ok() + " requests, "
                        + load.failures().size() + " failed");
                assertThat(load.failures()).as("failed requests of %d", load.ok() + load.failures().size()).isEmpty();
                await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(oldDaemon).isEmpty());
                assertThat(velos.daemonPid()).contains(result.newPid());
            }
            try (VelosClient next = VelosClient.connect(velos.socket(), Duration.ofSeconds(30))) {
                assertThat(pids(next)).isEqualTo(before);
            }
        }
        assertThat(printedLines()).as("every numbered line once, in order").containsExactlyElementsOf(range(1, LINES));
        assertThat(Files.readString(velos.home.resolve("daemon.log"))).contains("took over 2 app(s)");
    }

    @Test
    void aSuccessorThatCannotStartLeavesTheOldDaemonServingEveryApp() throws Exception {
        velos.ok("list");
        long daemon = velos.daemonPid().orElseThrow();
        Path broken = VelosCli.script(apps, "broken-velos", "echo 'this velos cannot start' >&2; exit 1");
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(120))) {
            startApps(client, 43212);
            Map<String, Integer> before = pids(client);
            assertThatThrownBy(() -> client.daemonRestart(broken.toString())).isInstanceOf(IpcException.class)
                    .hasMessageContaining("did not come up").hasMessageContaining("carries on");
            assertThat(client.ping().pid()).isEqualTo(daemon);
            assertThat(pids(client)).isEqualTo(before);
            await().atMost(Duration.ofSeconds(60)).until(this::printerDone);
        }
        assertThat(printedLines()).containsExactlyElementsOf(range(1, LINES));
        assertThat(velos.daemonPid()).contains(daemon);
    }

    @Test
    void afterAKillMinus9TheNextDaemonAdoptsTheAppsAndRestartsTheOneThatDiedMeanwhile() throws Exception {
        velos.ok("list");
        long daemon = velos.daemonPid().orElseThrow();
        int port = 43213;
        Path stopFile = apps.resolve("stop-mortal");
        Path mortal = VelosCli.script(apps, "mortal.sh", "echo mortal $$; while [ ! -f " + stopFile + " ]; do sleep 0.05; done;"
                + " rm -f " + stopFile + "; exit 3");
        Map<String, Integer> before;
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(120))) {
            startApps(client, port);
            client.start(new WireTypes.StartArgs("mortal", mortal.toString(), List.of(), null, null, Map.of(), null, null,
                    null, null, null, null));
            await().atMost(Duration.ofSeconds(10)).until(() -> pids(client).get("mortal") > 0);
            before = pids(client);
        }
        try (HttpLoad load = new HttpLoad(port, 4, 90, 300_000)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok() > 50);
            Shell.run(List.of("kill", "-9", Long.toString(daemon)));
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(daemon).isEmpty());
            Files.writeString(stopFile, "");
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(stopFile)); // mortal exited, nobody watching
            Thread.sleep(1000); // the printer goes on writing into its pipe meanwhile

            velos.ok("list"); // a client finds no daemon and starts one
            assertThat(velos.daemonPid().orElseThrow()).isNotEqualTo(daemon);
            await().atMost(Duration.ofSeconds(60)).until(this::printerDone);
            load.close();
            System.out.println("DaemonHandoverEndToEndTest: kill -9 under load, " + load.ok() + " requests, "
                    + load.failures().size() + " failed");
            assertThat(load.failures()).as("failed requests of %d", load.ok() + load.failures().size()).isEmpty();
        }
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(30))) {
            Map<String, Integer> after = pids(client);
            assertThat(after.get("web")).isEqualTo(before.get("web"));
            assertThat(after.get("printer")).isEqualTo(before.get("printer"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                WireTypes.ProcessView m = client.info("mortal").getFirst();
                return m.statusStr().equals("running") && m.pid() != before.get("mortal");
            });
        }
        assertThat(countProcesses(httpApp().toString())).as("one web server, not two").isEqualTo(1);
        List<Integer> printed = printedLines();
        assertThat(new TreeSet<>(printed)).as("no line twice").hasSize(printed.size());
        assertThat(printed).as("in order").isSorted();
        // What the killed daemon had read but not yet written (its writer flushes every 100 ms) is
        // lost, as docs/HANDOVER.md says; everything printed while no daemon ran was in the pipe.
        List<Integer> missing = new ArrayList<>(range(1, LINES));
        missing.removeAll(printed);
        assertThat(missing).as("lines lost with the killed daemon's buffers").hasSizeLessThan(300);
        assertThat(printed.getLast()).isEqualTo(LINES);
        String daemonLog = Files.readString(velos.home.resolve("daemon.log"));
        assertThat(daemonLog).contains("adopted 3 app(s)");
        // The supervisor's own System.Logger record, one stamped line in the daemon's log.
        assertThat(daemonLog.lines().filter(l -> l.contains("INFO [dev.velos.supervisor.SupervisorCore] adopted process 'web'")))
                .hasSize(1);
    }

    private static long countProcesses(String argument) {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains(argument))
                .orElse(false)).count();
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
