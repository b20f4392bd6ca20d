// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14.9: {@code velos kill} signals the pid in velos.pid only if /proc shows it is this
 * directory's daemon. The stand-ins are real processes whose command line and environment look
 * like a daemon's ({@code sh -c 'sleep …' -jar velos.jar daemon …}: sh keeps those words as its
 * positional parameters, so they are its /proc cmdline).
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonPidFileTest {
    @TempDir
    Path home;
    @TempDir
    Path elsewhere;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopThem() {
        started.forEach(Process::destroyForcibly);
    }

    private Process lookalike(Map<String, String> env, String... daemonArgs) throws IOException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "sleep 60; :", "-jar", "/opt/velos/velos.jar"));
        argv.addAll(List.of(daemonArgs));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(elsewhere.toFile());
        pb.environment().remove("VELOS_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private DaemonPidFile.Found pidFileNaming(long pid) throws IOException {
        Files.writeString(home.resolve("velos.pid"), Long.toString(pid));
        return DaemonPidFile.read(home);
    }

    @Test
    void theDaemonOfThisDirectoryIsOursByStateDirOrVelosHome() throws IOException {
        Process byStateDir = lookalike(Map.of(), "daemon", "--state-dir", home.toString(), "--socket", "/x.sock");
        assertThat(pidFileNaming(byStateDir.pid())).isInstanceOfSatisfying(DaemonPidFile.Ours.class,
                o -> assertThat(o.process().pid()).isEqualTo(byStateDir.pid()));

        Process byEnv = lookalike(Map.of("VELOS_HOME", home.toString()), "daemon", "--resurrect");
        assertThat(pidFileNaming(byEnv.pid())).isInstanceOf(DaemonPidFile.Ours.class);

        Process relative = lookalike(Map.of(), "daemon", "--state-dir=" + elsewhere.relativize(home));
        assertThat(pidFileNaming(relative.pid())).isInstanceOf(DaemonPidFile.Ours.class);
    }

    @Test
    void anotherDirectorysDaemonOrAnyOtherProcessIsForeignAndAGonePidIsGone() throws IOException, InterruptedException {
        Process otherHome = lookalike(Map.of("VELOS_HOME", elsewhere.toString()), "daemon");
        assertThat(pidFileNaming(otherHome.pid())).isEqualTo(new DaemonPidFile.Foreign(otherHome.pid()));

        // An app of this directory: its environment names the home, and its arguments even say 'daemon'.
        Process app = lookalike(Map.of("VELOS_HOME", home.toString()));
        Process appWithDaemonWord = new ProcessBuilder("sh", "-c", "sleep 60; :", "daemon", "--state-dir", home.toString()).start();
        started.add(appWithDaemonWord);
        assertThat(pidFileNaming(app.pid())).isInstanceOf(DaemonPidFile.Foreign.class);
        assertThat(pidFileNaming(appWithDaemonWord.pid())).isInstanceOf(DaemonPidFile.Foreign.class);
        assertThat(pidFileNaming(ProcessHandle.current().pid())).isInstanceOf(DaemonPidFile.Foreign.class);

        Process ended = lookalike(Map.of("VELOS_HOME", home.toString()), "daemon");
        ended.destroyForcibly().waitFor();
        assertThat(pidFileNaming(ended.pid())).isEqualTo(new DaemonPidFile.Gone(ended.pid()));
    }

    @Test
    void noPidFileOrGarbageIsMissing() throws IOException {
        assertThat(DaemonPidFile.read(home)).isInstanceOf(DaemonPidFile.Missing.class);
        Files.writeString(home.resolve("velos.pid"), "not a pid\n");
        assertThat(DaemonPidFile.read(home)).isInstanceOf(DaemonPidFile.Missing.class);
    }
}
