// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.ReadyPolicy;
import dev.velos.model.RestartPolicy;
import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Zero-downtime reload: the old generation serves until the new one is ready; a failing new one changes nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReloadTest {
    private final Recorder recorder = new Recorder();
    private Supervisor supervisor;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        supervisor = recorder.attach(Supervisor.builder()).build();
    }

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    /** Ready 0.8 s after start (unless the marker file says to crash), then serves. */
    private AppSpec app(String name) {
        String script = "if [ -f " + dir.resolve("broken") + " ]; then exit 3; fi; sleep 0.8; "
                + "printf '\\005\\000\\000\\000ready' >&3; exec sleep 300";
        return AppSpec.builder(name, "/bin/sh").args(List.of("-c", script))
                .restart(RestartPolicy.DEFAULT.withKillTimeout(Duration.ofSeconds(2)))
                .ready(new ReadyPolicy(true, Duration.ofSeconds(10), false)).build();
    }

    private static boolean alive(int pid) {
        return ProcFs.stat(pid).filter(s -> !s.isZombie()).isPresent();
    }

    @Test
    void theOldGenerationServesUntilTheNewOneIsReady() throws Exception {
        supervisor.start(app("web")).join();
        org.awaitility.Awaitility.await().until(() -> supervisor.info("web").join().status() == ProcessStatus.RUNNING);
        int oldPid = supervisor.info("web").join().pid();

        List<Integer> aliveSamples = new CopyOnWriteArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                int running = (int) ProcFs.allProcesses().stream().filter(s -> !s.isZombie())
                        .filter(s -> s.ppid() == ProcessHandle.current().pid()).count();
                aliveSamples.add(running);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long begin = System.nanoTime();
        CompletableFuture<ProcessInfo> reload = supervisor.reload("web");
        Thread.sleep(400);
        assertThat(alive(oldPid)).as("the old generation serves while the new one warms up").isTrue();
        ProcessInfo after = reload.join();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !alive(oldPid));
        sampling.set(false);
        sampler.join();

        assertThat(tookMillis).isGreaterThanOrEqualTo(700);
        assertThat(after.pid()).isNotEqualTo(oldPid);
        assertThat(after.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(after.restartCount()).isEqualTo(1);
        assertThat(after.lastRestartReason()).isEqualTo("reload");
        assertThat(aliveSamples).allMatch(n -> n >= 1 && n <= 2);
    }

    @Test
    void aNewGenerationThatCrashesLeavesTheOldOneRunning() throws Exception {
        supervisor.start(app("api")).join();
        org.awaitility.Awaitility.await().until(() -> supervisor.info("api").join().status() == ProcessStatus.RUNNING);
        int oldPid = supervisor.info("api").join().pid();
        Files.writeString(dir.resolve("broken"), "");

        assertThatThrownBy(() -> supervisor.reload("api").join()).hasMessageContaining("before it was ready")
                .hasMessageContaining("keeps running");

        ProcessInfo info = supervisor.info("api").join();
        assertThat(info.pid()).isEqualTo(oldPid);
        assertThat(info.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(alive(oldPid)).isTrue();
        assertThat(info.restartCount()).isZero();
    }

    @Test
    void reloadingAStoppedAppStartsIt() {
        supervisor.start(AppSpec.of("idle", "/bin/sleep", "300")).join();
        supervisor.stop("idle").join();
        assertThat(supervisor.reload("idle").join().status()).isEqualTo(ProcessStatus.RUNNING);
    }
}
