// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessStatus;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpawnErrorsTest {
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

    @Test
    void missingWorkingDirectoryIsItsOwnErrorAndTheEntryIsErrored() {
        AppSpec spec = AppSpec.builder("nowhere", "/bin/true").cwd(dir.resolve("missing")).build();
        assertThatThrownBy(() -> supervisor.start(spec).join()).cause()
                .isInstanceOf(SupervisorException.class)
                .hasMessageContaining("working directory").hasMessageContaining("does not exist")
                .extracting(e -> ((VelosException) e).code()).isEqualTo(ErrorCode.SPAWN_FAILED);
        assertThat(supervisor.info("nowhere").join().status()).isEqualTo(ProcessStatus.ERRORED);
        assertThat(recorder.events(ProcessEvent.SpawnFailed.class, "nowhere")).hasSize(1);
    }

    @Test
    void missingProgramNamesTheFile() {
        AppSpec spec = AppSpec.builder("ghost", "./ghost-app").cwd(dir).build();
        assertThatThrownBy(() -> supervisor.start(spec).join()).cause()
                .hasMessageContaining(dir.resolve("ghost-app").toString()).hasMessageContaining("not found");
    }

    @Test
    void unknownCommandSaysItIsNotOnPath() {
        AppSpec spec = AppSpec.builder("cmd", "no-such-command-xyz").cwd(dir).env(java.util.Map.of("PATH", "/usr/bin:/bin"))
                .build();
        assertThatThrownBy(() -> supervisor.start(spec).join()).cause()
                .hasMessageContaining("'no-such-command-xyz' not found").hasMessageContaining("/usr/bin:/bin");
    }

    @Test
    void nonExecutableFileAsksForChmodOrInterpreter() throws Exception {
        Files.writeString(dir.resolve("plain"), "echo hi\n");
        AppSpec spec = AppSpec.builder("plain", "./plain").cwd(dir).build();
        assertThatThrownBy(() -> supervisor.start(spec).join()).cause().hasMessageContaining("not executable");
    }

    @Test
    void executableWithoutShebangOrFormatFailsWithEnoexec() throws Exception {
        Procs.executable(dir, "noshebang", "echo hi\n");
        AppSpec spec = AppSpec.builder("nofmt", "./noshebang").cwd(dir).build();
        assertThatThrownBy(() -> supervisor.start(spec).join()).cause().hasMessageContaining("ENOEXEC");
    }

    @Test
    void directoryIsNotAProgram() {
        AppSpec spec = AppSpec.builder("dir", dir.toString()).cwd(dir).build();
        assertThatThrownBy(() -> supervisor.start(spec).join()).cause().hasMessageContaining("is a directory");
    }

    @Test
    void afterAFailedStartTheEntryCanBeFixedAndStartedAgain() throws Exception {
        AppSpec broken = AppSpec.builder("fixme", "./app.sh").cwd(dir).build();
        assertThatThrownBy(() -> supervisor.start(broken).join()).isNotNull();
        Procs.executable(dir, "app.sh", "#!/bin/sh\nexec sleep 30\n");
        assertThat(supervisor.start(broken).join().status()).isEqualTo(ProcessStatus.RUNNING);
    }
}
