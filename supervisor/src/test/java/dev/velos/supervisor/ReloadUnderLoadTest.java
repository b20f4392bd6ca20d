// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ListenAddress;
import dev.velos.model.ProcessInfo;
import dev.velos.model.RestartPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reload never refuses a connection (issue 20): a real socket-activated HTTP server (python3) on
 * a socket the supervisor holds, a load client opening a new connection per request the whole
 * time, and reloads of one app and of a four-instance cluster. Every request must succeed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReloadUnderLoadTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private final Recorder recorder = new Recorder();
    private Supervisor supervisor;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isExecutable(PYTHON), "needs python3 for the socket-activated HTTP app");
        supervisor = recorder.attach(Supervisor.builder()).build();
    }

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    /** The socket-activated HTTP app, written to {@code dir}. */
    static Path writeApp(Path dir) throws IOException {
        Path script = dir.resolve("activated_http.py");
        try (InputStream in = ReloadUnderLoadTest.class.getResourceAsStream("activated_http.py")) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    static AppSpec httpApp(String name, Path script, String listen) {
        return AppSpec.builder(name, PYTHON.toString()).args(List.of(script.toString()))
                .restart(RestartPolicy.DEFAULT.withMinUptime(Duration.ofMillis(500)).withKillTimeout(Duration.ofSeconds(5)))
                .listen(List.of(ListenAddress.parse(listen))).build();
    }

    @Test
    void reloadingAnAppUnderContinuousLoadFailsNoRequestAndRefusesNoConnection() throws Exception {
        Path script = writeApp(dir);
        ProcessInfo first = supervisor.start(httpApp("web", script, "tcp://127.0.0.1:0")).join();
        int port = supervisor.boundListeners("web").join().getFirst().port();

        Set<Integer> generations = new HashSet<>(Set.of(first.pid()));
        try (LoadClient load = new LoadClient(port, 4, 60, 200_000)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.answeredBy(first.pid()) > 20);
            for (int i = 0; i < 3; i++) {
                ProcessInfo next = supervisor.reload("web").join();
                generations.add(next.pid());
                await().atMost(Duration.ofSeconds(10)).until(() -> load.answeredBy(next.pid()) > 20);
            }
            load.close();
            System.out.println("ReloadUnderLoadTest: 3 reloads, " + load.ok() + " requests, " + load.failures().size() + " failed");
            assertThat(load.failures()).as("failed requests of %d", load.ok() + load.failures().size()).isEmpty();
            assertThat(load.pids()).containsAll(generations);
            assertThat(generations).hasSize(4);
            assertThat(load.ok()).isGreaterThan(80);
        }
        assertThat(recorder.texts("web").stream().filter(l -> l.startsWith("not socket-activated"))).isEmpty();
    }

    @Test
    void reloadingEachOfFourInstancesUnderLoadFailsNoRequestAndAllFourServe() throws Exception {
        Path script = writeApp(dir);
        List<String> names = List.of("web:0", "web:1", "web:2", "web:3");
        Set<Integer> before = new HashSet<>();
        for (String name : names) {
            before.add(supervisor.start(httpApp(name, script, "tcp://127.0.0.1:0")).join().pid());
        }
        int port = supervisor.boundListeners("web:0").join().getFirst().port();
        assertThat(supervisor.boundListeners("web:3").join().getFirst().port()).isEqualTo(port);

        try (LoadClient load = new LoadClient(port, 6, 90, 400_000)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> before.stream().allMatch(pid -> load.answeredBy(pid) > 0));
            Set<Integer> after = new HashSet<>();
            for (String name : names) {
                after.add(supervisor.reload(name).join().pid()); // one instance at a time, as a cluster reload goes
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> after.stream().allMatch(pid -> load.answeredBy(pid) > 0));
            load.close();
            System.out.println("ReloadUnderLoadTest: -i 4 reload, " + load.ok() + " requests, " + load.failures().size()
                    + " failed, answered by " + load.pids().size() + " pids");
            assertThat(load.failures()).as("failed requests of %d", load.ok() + load.failures().size()).isEmpty();
            assertThat(after).hasSize(4).doesNotContainAnyElementsOf(before);
        }
    }
}
