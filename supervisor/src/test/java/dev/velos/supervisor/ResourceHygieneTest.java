// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessInfo;
import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** No fd leaks into children or in the supervisor, no zombies, real resource numbers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResourceHygieneTest {
    /** Children of this JVM before the test (see {@link Procs#children()}). */
    private final Set<Integer> earlierChildren = Procs.children();

    @Test
    void aSpawnedChildHoldsOnlyStdinStdoutAndStderr() {
        try (Supervisor supervisor = Supervisor.builder().build()) {
            ProcessInfo info = supervisor.start(AppSpec.of("fds", "/bin/sleep", "30")).join();
            // /bin/sleep may hold its locale file open for a moment while it starts; a leaked fd would stay.
            await().atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(ProcFs.openFds(info.pid())).containsExactly(0, 1, 2));
        }
    }

    @Test
    void twoHundredStartStopCyclesLeakNoFdsAndLeaveNoZombies() {
        try (Supervisor supervisor = Supervisor.builder().build()) {
            AppSpec spec = AppSpec.of("cycle", "/bin/sleep", "60");
            supervisor.start(spec).join();
            supervisor.stop("cycle").join();
            await().until(() -> Procs.zombieChildren(earlierChildren).isEmpty());
            int baseline = Procs.openFdCount();

            for (int i = 0; i < 200; i++) {
                supervisor.start(spec).join();
                supervisor.stop("cycle").join();
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> Procs.openFdCount() <= baseline);
            assertThat(Procs.openFdCount()).isLessThanOrEqualTo(baseline);
            // Reaping is the loop's work and may trail the event that ended the test by a moment; a leak stays.
            await().atMost(Duration.ofSeconds(10)).until(() -> Procs.zombieChildren(earlierChildren).isEmpty());
        }
    }

    @Test
    void samplingReportsMemoryAndCpuOfTheGroup() {
        try (Supervisor supervisor = Supervisor.builder().samplingInterval(Duration.ofMillis(200)).build()) {
            supervisor.start(dev.velos.model.AppSpec.builder("busy", "/bin/sh")
                    .args(java.util.List.of("-c", "while true; do :; done")).build()).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                ProcessInfo info = supervisor.info("busy").join();
                return info.memoryBytes() > 0 && info.cpuPercent() > 20;
            });
            assertThat(supervisor.info("busy").join().cpuPercent()).isLessThanOrEqualTo(200.0);
        }
    }
}
