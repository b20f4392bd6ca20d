// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Supervisor#finished()}: which apps have ended for good (issue 22's exit policy) — one that
 * exited without autorestart, or was stopped, has; one that runs, or crashed with a restart still to
 * come, has not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FinishedAppsTest {
    private static AppSpec sh(String name, String script, RestartPolicy restart) {
        return AppSpec.builder(name, "/bin/sh").args(List.of("-c", script)).restart(restart).build();
    }

    @Test
    void onlyAppsWithNothingLeftToHappenAreFinished() {
        try (Supervisor supervisor = Supervisor.builder().build()) {
            RestartPolicy once = RestartPolicy.DEFAULT.withAutorestart(false);
            supervisor.start(sh("failed", "exit 3", once)).join();
            supervisor.start(sh("done", "exit 0", once)).join();
            supervisor.start(sh("runner", "sleep 60", once)).join();
            supervisor.start(sh("retrying", "exit 1", RestartPolicy.DEFAULT.withRestartDelay(Duration.ofSeconds(30)))).join();
            supervisor.start(sh("stopped", "sleep 60", once)).join();
            supervisor.stop("stopped").join();

            await().atMost(Duration.ofSeconds(20)).until(() -> names(supervisor.finished().join()).size() == 3);
            List<ProcessInfo> finished = supervisor.finished().join();
            assertThat(names(finished)).containsExactly("failed", "done", "stopped");
            assertThat(finished.getFirst().status()).isEqualTo(ProcessStatus.ERRORED);
            assertThat(finished.getFirst().lastExit().code()).isEqualTo(3);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> !names(supervisor.finished().join()).contains("retrying"));
        }
    }

    private static List<String> names(List<ProcessInfo> infos) {
        return infos.stream().map(ProcessInfo::name).toList();
    }
}
