// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.sys.linux.ProcEnviron;
import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Output and apps outlive a crashed daemon (issue 20): "the daemon" (a supervisor in a second JVM)
 * is killed with SIGKILL while its printer writes a numbered line every millisecond and a load
 * client hits its HTTP instances; a second of nobody, then a new supervisor in this JVM adopts
 * the survivors: same pids, one process per app, every line printed meanwhile read exactly once
 * from the pipes, no request failed, the listening socket taken back, and the one app that died
 * meanwhile reported and restarted by its policy.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CrashAdoptionTest {
    private static final int LINES = 7000;
    @TempDir
    Path dir;

    @BeforeEach
    void needsPython() {
        assumeTrue(Files.isExecutable(Path.of(HandoverApps.PYTHON)), "needs python3 for the apps");
    }

    @Test
    void aNewSupervisorAdoptsTheSurvivorsOfAKilledOneAndReadsEveryLinePrintedMeanwhileOnce() throws Exception {
        Recorder recorder = new Recorder();
        try (DaemonJvm daemon = new DaemonJvm(dir, LINES);
             LoadClientHolder holder = new LoadClientHolder()) {
            daemon.awaitReady();
            LoadClient load = holder.start(daemon.port);
            await().atMost(Duration.ofSeconds(30)).until(() -> load.answeredBy(daemon.pids.get("web:0")) > 10
                    && HandoverTest.printed(daemon.logLines()).size() > 1000);

            daemon.process().destroyForcibly(); // SIGKILL: no goodbye, no hand-over
            assertThat(daemon.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            int lastByOld = Collections.max(HandoverTest.printed(daemon.logLines()).keySet());
            Files.writeString(daemon.apps.resolve("doom"), ""); // 'doomed' exits 3 while nobody supervises it
            await().atMost(Duration.ofSeconds(10)).until(() -> !DaemonJvm.alive(daemon.pids.get("doomed")));
            Thread.sleep(1000); // a second with no supervisor: ~900 lines wait in the printer's pipe

            List<AppSpec> specs = HandoverApps.specs(daemon.apps, LINES);
            Supervisor supervisor = recorder.attach(Supervisor.builder()).runtimeDirectory(daemon.runtime)
                    .logSink(HandoverApps.fileSink(daemon.log, "new")).build();
            try {
                List<ProcessInfo> adopted = supervisor.adopt(HandoverManifest.ofSaved(specs,
                        Collections.nCopies(specs.size(), ProcessStatus.RUNNING))).join();
                Map<String, Integer> pids = new java.util.HashMap<>();
                adopted.forEach(info -> pids.put(info.name(), info.pid()));
                for (String app : List.of("printer", "web:0", "web:1")) {
                    assertThat(pids.get(app)).as(app).isEqualTo(daemon.pids.get(app));
                }
                assertThat(supervisor.stopStrays(Duration.ofSeconds(2)).join()).as("strays after adoption").isZero();
                // 'doomed' may already run again (its restart is due at once); never its old pid.
                Map<String, List<Integer>> afterAdoption = sessionLeadersPerApp(daemon.runtime);
                assertThat(afterAdoption).containsKeys("printer", "web:0", "web:1")
                        .allSatisfy((app, found) -> assertThat(found).as(app).hasSize(1));
                assertThat(afterAdoption.getOrDefault("doomed", List.of())).doesNotContain(daemon.pids.get("doomed"));

                // The one that died meanwhile: reported with an unknown status, and restarted by its policy.
                await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.info("doomed").join().status() == ProcessStatus.RUNNING
                        && supervisor.info("doomed").join().pid() != daemon.pids.get("doomed"));
                assertThat(recorder.events(ProcessEvent.Exited.class, "doomed")).first()
                        .satisfies(e -> assertThat(e.exit()).isEqualTo(ExitStatus.UNKNOWN));
                assertThat(sessionLeadersPerApp(daemon.runtime)).containsOnlyKeys("printer", "web:0", "web:1", "doomed")
                        .allSatisfy((app, leaders) -> assertThat(leaders).as(app).hasSize(1));

                // The listening socket came back: a restart of an instance gets the very socket the clients use.
                assertThat(supervisor.boundListeners("web:0").join().getFirst().port()).isEqualTo(daemon.port);
                int restarted = supervisor.restart("web:0").join().pid();
                await().atMost(Duration.ofSeconds(20)).until(() -> load.answeredBy(restarted) > 10);

                await().atMost(Duration.ofSeconds(60)).until(() -> daemon.logLines().contains("new printer printed all"));
                load.close();
                System.out.println("CrashAdoptionTest: " + load.ok() + " requests, " + load.failures().size() + " failed");
                assertThat(load.failures()).as("failed requests of %d", load.ok() + load.failures().size()).isEmpty();
            } finally {
                supervisor.close();
            }
            checkLines(daemon.logLines(), lastByOld);
        }
    }

    /**
     * Every number once; the only one that may be missing is the line the killed supervisor had
     * begun to read (its start died with it), and then exactly one fragment stands for it.
     */
    private static void checkLines(List<String> log, int lastByOld) {
        Map<Integer, Integer> counts = HandoverTest.printed(log);
        assertThat(counts.values()).as("duplicates").allMatch(c -> c == 1);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            if (!counts.containsKey(i)) {
                missing.add(i);
            }
        }
        List<String> fragments = log.stream().filter(l -> l.startsWith("new printer ") && !l.startsWith("new printer n=")
                && !l.equals("new printer printed all")).toList();
        long byNew = log.stream().filter(l -> l.startsWith("new printer n=")).count();
        System.out.println("CrashAdoptionTest: old supervisor's last line " + lastByOld + ", read after adoption " + byNew
                + ", missing " + missing + ", fragments " + fragments);
        assertThat(missing).isSubsetOf(List.of(lastByOld + 1));
        assertThat(fragments).hasSize(missing.size());
        assertThat(byNew).isGreaterThan(500);
    }

    /** App name → the session leaders carrying its marker (one per app: nothing runs twice). */
    private static Map<String, List<Integer>> sessionLeadersPerApp(Path runtime) {
        String scope = "@" + runtime;
        Map<String, List<Integer>> leaders = new java.util.TreeMap<>();
        for (ProcEnviron.Marked marked : new ProcEnviron().carrying(LaunchPlanner.OWNER_ENV, v -> v.endsWith(scope))) {
            ProcFs.stat(marked.pid()).filter(s -> s.session() == s.pid() && !s.isZombie()).ifPresent(s ->
                    leaders.computeIfAbsent(marked.value().substring(0, marked.value().length() - scope.length()),
                            k -> new ArrayList<>()).add(s.pid()));
        }
        return leaders;
    }

    /** Closes the load client even when the test fails half-way. */
    private static final class LoadClientHolder implements AutoCloseable {
        private LoadClient client;

        LoadClient start(int port) {
            client = new LoadClient(port, 4, 120, 1_000_000);
            return client;
        }

        @Override
        public void close() throws InterruptedException {
            if (client != null) {
                client.close();
            }
        }
    }
}
