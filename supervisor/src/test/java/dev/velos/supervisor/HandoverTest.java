// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A daemon's planned restart at the supervisor level (issue 20): "the daemon" is a supervisor in
 * a JVM of its own, running a printer of numbered lines (one a millisecond) and two instances of a
 * socket-activated HTTP server under a load client; it spawns its successor (a third JVM) with a
 * socket at fd 3 and hands everything over by SCM_RIGHTS. The apps keep their pids, no request
 * fails, and every numbered line is in the log exactly once, written by one side or the other.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class HandoverTest {
    private static final int LINES = 6000;
    @TempDir
    Path dir;

    @BeforeEach
    void needsPython() {
        assumeTrue(Files.isExecutable(Path.of(HandoverApps.PYTHON)), "needs python3 for the apps");
    }

    @Test
    void theSuccessorTakesOverEveryAppWithItsPidSocketAndOutputAndNothingIsLostOrDoubled() throws Exception {
        try (DaemonJvm daemon = new DaemonJvm(dir, LINES)) {
            daemon.awaitReady();
            try (LoadClient load = new LoadClient(daemon.port, 4, 120, 1_000_000)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.answeredBy(daemon.pids.get("web:0")) > 10
                        && load.answeredBy(daemon.pids.get("web:1")) > 10 && printed(daemon.logLines()).size() > 1000);

                daemon.send("handover");
                String outcome = daemon.next(Duration.ofSeconds(90), "handed over", "aborted", "failed");
                System.out.println("HandoverTest: " + outcome);
                assertThat(outcome).as(daemon.transcript()).startsWith("handed over 4 apps");
                assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(daemon.process().exitValue()).isZero();

                Map<String, Integer> taken = successorPids(daemon.status);
                assertThat(taken).containsAllEntriesOf(daemon.pids);
                daemon.pids.values().forEach(pid -> assertThat(DaemonJvm.alive(pid)).as("pid %d", pid).isTrue());

                long servedBefore = load.ok();
                await().atMost(Duration.ofSeconds(60)).until(() -> daemon.logLines().stream()
                        .anyMatch(l -> l.equals("new printer printed all")));
                await().atMost(Duration.ofSeconds(10)).until(() -> load.ok() > servedBefore + 100);
                load.close();
                System.out.println("HandoverTest: " + load.ok() + " requests, " + load.failures().size() + " failed");
                assertThat(load.failures()).as("failed requests of %d", load.ok() + load.failures().size()).isEmpty();
                assertThat(load.pids()).containsExactlyInAnyOrder(daemon.pids.get("web:0"), daemon.pids.get("web:1"));
            }
            List<String> log = daemon.logLines();
            Map<Integer, Integer> counts = printed(log);
            assertThat(counts).hasSize(LINES);
            assertThat(counts.values()).allMatch(c -> c == 1);
            long byOld = log.stream().filter(l -> l.startsWith("old printer n=")).count();
            long byNew = log.stream().filter(l -> l.startsWith("new printer n=")).count();
            System.out.println("HandoverTest: lines by the old supervisor " + byOld + ", by the successor " + byNew);
            assertThat(byOld).isPositive();
            assertThat(byNew).isPositive();
            assertThat(log).noneMatch(l -> l.startsWith("new printer") && !l.startsWith("new printer n=")
                    && !l.equals("new printer printed all"));
        }
    }

    /** How often each number of the printer appears in the log, whoever wrote it. */
    static Map<Integer, Integer> printed(List<String> log) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (String line : log) {
            int at = line.indexOf(" printer n=");
            if (at >= 0) {
                counts.merge(Integer.parseInt(line.substring(at + " printer n=".length())), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static Map<String, Integer> successorPids(Path status) throws IOException {
        Path file = status.resolve("successor.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file) && Files.readString(file).endsWith("\n"));
        Map<String, Integer> pids = new HashMap<>();
        for (String part : Files.readString(file).trim().split(" ")) {
            String[] kv = part.split("=");
            if (!kv[0].equals("pid")) {
                pids.put(kv[0], Integer.parseInt(kv[1]));
            }
        }
        return pids;
    }
}
