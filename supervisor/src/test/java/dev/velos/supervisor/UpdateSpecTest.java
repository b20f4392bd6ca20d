// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartTriggers;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpdateSpecTest {
    private Supervisor supervisor;

    @BeforeEach
    void setUp() {
        supervisor = Supervisor.builder().build();
    }

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    @Test
    void aRunningEntryKeepsItsChildAndTheNewArgsApplyAtTheNextRestart() throws Exception {
        ProcessInfo first = supervisor.start(AppSpec.of("svc", "/bin/sleep", "30")).join();
        AppSpec changed = first.spec().toBuilder().args(List.of("40"))
                .restart(first.spec().restart().withMaxRestarts(3).withKillTimeout(Duration.ofMillis(700))).build();

        ProcessInfo updated = supervisor.updateSpec(changed).join();

        assertThat(updated.pid()).isEqualTo(first.pid());
        assertThat(updated.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(updated.spec().restart().maxRestarts()).isEqualTo(3);
        await().untilAsserted(() -> assertThat(arguments(first.pid())).containsExactly("30"));

        ProcessInfo restarted = supervisor.restart("svc").join();
        await().untilAsserted(() -> assertThat(arguments(restarted.pid())).containsExactly("40"));
        assertThat(restarted.spec().restart().killTimeout()).isEqualTo(Duration.ofMillis(700));
    }

    /** The arguments after the program, from /proc (briefly empty while a new child is still exec'ing). */
    private static List<String> arguments(int pid) throws java.io.IOException {
        String[] cmdline = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/cmdline")).split("\0");
        return List.of(cmdline).subList(Math.min(1, cmdline.length), cmdline.length);
    }

    @Test
    void aStoppedEntryStaysStoppedWithTheNewSpec() {
        supervisor.start(AppSpec.of("idle", "/bin/sleep", "30")).join();
        ProcessInfo stopped = supervisor.stop("idle").join();

        ProcessInfo updated = supervisor.updateSpec(stopped.spec().toBuilder().args(List.of("31")).build()).join();

        assertThat(updated.status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(updated.spec().args()).containsExactly("31");
        assertThat(supervisor.info("idle").join().spec().args()).containsExactly("31");
    }

    @Test
    void anUnknownNameIsNotFound() {
        assertThatThrownBy(() -> supervisor.updateSpec(AppSpec.of("ghost", "/bin/true")).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(VelosException.class)
                .extracting(e -> ((VelosException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aBadCronExpressionChangesNothing() {
        ProcessInfo first = supervisor.start(AppSpec.of("cron", "/bin/sleep", "30")).join();
        AppSpec bad = first.spec().toBuilder().args(List.of("99"))
                .triggers(new RestartTriggers(0, "61 * * * *")).build();

        assertThatThrownBy(() -> supervisor.updateSpec(bad).join())
                .cause().isInstanceOf(VelosException.class).hasMessageContaining("invalid cron_restart");
        assertThat(supervisor.info("cron").join().spec().args()).containsExactly("30");
    }
}
