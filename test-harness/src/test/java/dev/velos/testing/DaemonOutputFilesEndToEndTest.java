// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One owner of the daemon's lines (issue 20): {@code daemon.log}, rotated. A daemon a client
 * started in the background, or a daemon restart started, writes its lines there only; its raw
 * stdout and stderr ({@code logs/daemon-stderr.log}, {@code daemon-restart.log}) keep just what
 * cannot go through it, appended from launch to launch — every restart's, not the last one's —
 * and bounded: a file past 1 MiB is moved to {@code .1} at the next launch.
 */
class DaemonOutputFilesEndToEndTest extends EndToEndTest {
    private Path daemonLog() {
        return velos.home.resolve("daemon.log");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    void anAutoStartedDaemonWritesItsLinesToDaemonLogOnly() throws Exception {
        velos.ok("start", "sleep", "--name", "napper", "--", "600");
        await().atMost(Duration.ofSeconds(20)).until(() -> read(daemonLog()).contains("'napper' started"));

        String captured = read(velos.logs().resolve("daemon-stderr.log"));
        assertThat(captured).as("no second copy of daemon.log").doesNotContain("'napper' started")
                .doesNotContain("Initialized. Listening");
    }

    @Test
    void theRestartLogKeepsEveryRestartAndTheirLinesAreInDaemonLog() throws Exception {
        velos.ok("start", "sleep", "--name", "napper", "--", "600");
        for (int i = 0; i < 2; i++) {
            long old = velos.daemonPid().orElseThrow();
            velos.ok("daemon", "restart");
            await().atMost(Duration.ofSeconds(30)).until(() -> velos.daemonPid().orElse(old) != old);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count(read(daemonLog()), "Took over 1 app(s)") == 2);

        String restarts = read(velos.logs().resolve("daemon-restart.log"));
        assertThat(count(restarts, "taking over from the running daemon")).as("both restarts kept:\n%s", restarts).isEqualTo(2);
        assertThat(restarts).doesNotContain("Took over");
    }

    @Test
    void aCaptureFilePastOneMebibyteIsSetAsideAtTheNextLaunch() throws Exception {
        Path logs = velos.logs();
        Files.createDirectories(logs);
        Files.setPosixFilePermissions(velos.home, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwx------"));
        Path stderr = logs.resolve("daemon-stderr.log");
        Files.writeString(stderr, ("an old crash report line\n").repeat(60_000));
        long old = Files.size(stderr);

        velos.ok("list");

        assertThat(logs.resolve("daemon-stderr.log.1")).hasSize(old);
        assertThat(Files.size(stderr)).isLessThan(64 * 1024);
    }
}
