// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Children start from a minimal base environment, not from everything the embedding JVM inherited (issue 14.5). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BaseEnvironmentTest {

    @Test
    void theBaseKeepsIdentityLocaleAndPathOnly() {
        Map<String, String> from = Map.of("PATH", "/opt/bin:/usr/bin", "HOME", "/home/ann", "USER", "ann", "LANG", "C.UTF-8",
                "LC_TIME", "de_DE.UTF-8", "TZ", "Europe/Berlin", "AWS_SECRET_ACCESS_KEY", "x", "VELOS_API_TOKEN", "t",
                "TERM", "xterm", "NOTIFY_SOCKET", "/run/systemd/notify");
        assertThat(BaseEnvironment.of(from)).containsOnly(Map.entry("PATH", "/opt/bin:/usr/bin"), Map.entry("HOME", "/home/ann"),
                Map.entry("USER", "ann"), Map.entry("LANG", "C.UTF-8"), Map.entry("LC_TIME", "de_DE.UTF-8"),
                Map.entry("TZ", "Europe/Berlin"));
    }

    @Test
    void aMissingPathGetsTheUsualDefault() {
        assertThat(BaseEnvironment.of(Map.of("HOME", "/root"))).containsEntry("PATH", BaseEnvironment.DEFAULT_PATH);
    }

    @Test
    void byDefaultAChildDoesNotSeeASecretOfTheJvmsEnvironmentButGetsItsBaseAndItsOwnEnv() {
        // Set for this JVM by the surefire configuration, as a shell's secret would be for an auto-started daemon.
        assertThat(System.getenv("VELOS_TEST_SHELL_SECRET")).isEqualTo("s3cret");
        Recorder recorder = new Recorder();
        try (Supervisor supervisor = recorder.attach(Supervisor.builder()).build()) {
            supervisor.start(AppSpec.builder("env", "/bin/sh").args(List.of("-c",
                    "echo secret=${VELOS_TEST_SHELL_SECRET-unset}; echo path=$PATH; echo own=$OWN")).env(Map.of("OWN", "mine"))
                    .restart(Procs.NO_RESTART).build()).join();
            await().until(() -> recorder.texts("env").size() == 3);
            assertThat(recorder.texts("env")).containsExactly("secret=unset", "path=" + System.getenv("PATH"), "own=mine");
        }
    }

    @Test
    void anEmbedderMayHandChildrenItsWholeEnvironment() {
        Recorder recorder = new Recorder();
        try (Supervisor supervisor = recorder.attach(Supervisor.builder().environment(System.getenv())).build()) {
            supervisor.start(Procs.sh("env", "echo secret=${VELOS_TEST_SHELL_SECRET-unset}", Procs.NO_RESTART)).join();
            await().until(() -> recorder.texts("env").contains("secret=s3cret"));
        }
    }
}
