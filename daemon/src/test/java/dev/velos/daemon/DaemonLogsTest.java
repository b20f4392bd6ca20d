// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Logs through a real daemon: read from files (any N, across rotation), follow, flush. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonLogsTest {
    @TempDir
    Path home;
    private Thread daemon;
    private Path socket;

    @BeforeEach
    void startDaemon() {
        socket = home.resolve("velos.sock");
        daemon = Thread.ofPlatform().start(() -> Daemon.run(new DaemonOptions(home, socket, false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
    }

    @AfterEach
    void stopDaemon() throws Exception {
        try (VelosClient client = client()) {
            client.kill();
        }
        daemon.join(20_000);
    }

    private VelosClient client() {
        return VelosClient.connect(socket, Duration.ofSeconds(30));
    }

    private static WireTypes.StartArgs sh(String name, String script, Long logMaxSize, Integer retain) {
        return new WireTypes.StartArgs(name, "/bin/sh", List.of("-c", script), "/tmp", "", Map.of(), false, 15, 1000L,
                0L, false, 5000L, logMaxSize, retain);
    }

    @Test
    void readingThreeThousandOfFiveThousandLinesGivesExactlyTheLastThreeThousand() {
        try (VelosClient client = client()) {
            client.start(sh("many", "i=1; while [ $i -le 5000 ]; do echo n-$i; i=$((i+1)); done", null, null));
            await().until(() -> client.info("many").get(0).statusStr().equals("stopped"));
            List<WireTypes.LogEntry> lines = client.logs("many", 3000, "all");
            assertThat(lines).hasSize(3000);
            assertThat(lines.get(0).text()).isEqualTo("n-2001");
            assertThat(lines.get(2999).text()).isEqualTo("n-5000");
        }
    }

    @Test
    void rotatedFilesAreWrittenAndReadAcross() {
        try (VelosClient client = client()) {
            client.start(sh("rot", "i=1; while [ $i -le 2000 ]; do echo rotation-line-$i-padding-padding; i=$((i+1)); done",
                    8192L, 20));
            await().until(() -> client.info("rot").get(0).statusStr().equals("stopped"));
            assertThat(home.resolve("logs/rot-out.log.1")).exists();
            List<WireTypes.LogEntry> all = client.logs("rot", 2000, "out");
            assertThat(all).hasSize(2000);
            assertThat(all.get(0).text()).startsWith("rotation-line-1-");
        }
    }

    @Test
    void followReceivesHistoryThenLinesWrittenAfterItStarted() throws Exception {
        try (VelosClient control = client()) {
            control.start(sh("talk", "echo first; sleep 2; echo second; sleep 60", null, null));
            await().until(() -> !control.logs("talk", 10, "all").isEmpty());
            List<String> seen = new CopyOnWriteArrayList<>();
            Thread follower = Thread.ofVirtual().start(() -> {
                try (VelosClient f = client()) {
                    f.follow("talk", 10, "all", e -> {
                        seen.add(e.text());
                        return !e.text().equals("second");
                    });
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("second"));
            follower.join(5000);
            assertThat(seen).containsExactly("first", "second");
        }
    }

    @Test
    void flushEmptiesTheFilesAndLoggingGoesOn() {
        try (VelosClient client = client()) {
            client.start(sh("chatty", "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.02; done", null, null));
            await().until(() -> client.logs("chatty", 100, "all").size() >= 20);
            assertThat(client.flushLogs("chatty")).containsExactly("chatty");
            List<WireTypes.LogEntry> after = client.logs("chatty", 1000, "all");
            assertThat(after.size()).isLessThan(20);
            await().until(() -> client.logs("chatty", 1000, "all").size() > after.size());
        }
    }
}
