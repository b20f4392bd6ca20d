// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14.10: the saved process list never turns a working daemon into a failing one. A save that
 * fails (full disk) is a warning and is retried; an unreadable state.bin is moved aside at start;
 * a kill between the temp file's fsync and its rename leaves the old or the new list, never neither.
 */
class StateErrorsEndToEndTest extends EndToEndTest {
    @Test
    void aFullDiskMakesTheSaveAWarningNotAFailedStartAndTheSaveIsRetried() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Files.createDirectories(velos.home);
        VelosCli.Result mount = Shell.run(List.of("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", velos.home.toString()));
        Assumptions.assumeTrue(mount.exit() == 0, "cannot mount a tmpfs here: " + mount.err());
        // The logs (the daemon's own log among them) on a file system of their own that stays writable.
        Path logs = Files.createDirectories(velos.logs());
        Shell.run(List.of("mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs", logs.toString()));
        try {
            velos.ok("start", script("one.sh", "exec sleep 1000").toString(), "--name", "one");
            Path filler = velos.home.resolve("filler");
            Shell.run(List.of("dd", "if=/dev/zero", "of=" + filler, "bs=64k"));

            VelosCli.Result second = velos.run("start", script("two.sh", "exec sleep 1000").toString(), "--name", "two");
            assertThat(second.exit()).as(second.toString()).isZero();
            assertThat(second.err()).contains("warning: the process list could not be saved").contains("retrying");
            assertThat(velos.list().get("two").get("status_str").asText()).isEqualTo("running");
            Path daemonLog = velos.home.resolve("daemon.log");
            assertThat(Files.readString(daemonLog)).contains("cannot save the process list");

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(daemonLog).contains("state saved again"));
            assertThat(velos.ok("stop", "one").err()).doesNotContain("warning");

            // What was saved after the disk freed up brings both back.
            Shell.run(List.of("kill", "-9", Long.toString(velos.daemonPid().orElseThrow())));
            try (ForegroundDaemon next = ForegroundDaemon.start(velos, Map.of(), "--resurrect")) {
                assertThat(velos.list()).containsKeys("one", "two");
                assertThat(velos.list().get("two").get("status_str").asText()).isEqualTo("running");
                velos.ok("kill");
                next.awaitExit(Duration.ofSeconds(60));
            }
        } finally {
            velos.close();
            Shell.run(List.of("umount", "-l", logs.toString()));
            Shell.run(List.of("umount", "-l", velos.home.toString()));
        }
    }

    @Test
    void anUnreadableStateFileIsMovedAsideAndTheDumpIsRestored() throws Exception {
        velos.ok("start", script("saved.sh", "exec sleep 1000").toString(), "--name", "saved");
        velos.ok("save");
        velos.ok("start", script("later.sh", "exec sleep 1000").toString(), "--name", "later");
        velos.ok("kill");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(velos.socket()));
        Files.write(velos.home.resolve("state.bin"), "this is not MessagePack \u0000\u00ff".getBytes());

        try (ForegroundDaemon daemon = ForegroundDaemon.start(velos, Map.of(), "--resurrect")) {
            assertThat(daemon.isAlive()).as(daemon.stderr()).isTrue();
            assertThat(daemon.stderr()).contains("moved it to").contains("state.bin.corrupt-").contains("dump.bin");
            assertThat(velos.list()).containsKey("saved").doesNotContainKey("later");
            assertThat(velos.list().get("saved").get("status_str").asText()).isEqualTo("running");
            try (var files = Files.list(velos.home)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("state.bin.corrupt-"));
            }
            velos.ok("kill");
            daemon.awaitExit(Duration.ofSeconds(60));
        }
    }

    @Test
    void aKillBetweenTheFsyncAndTheRenameLeavesTheOldOrTheNewList() throws Exception {
        // Saves: 1 = the start of 'first' (in the request), 2 = the coalesced save after its Started
        // event, 3 = the start of 'second', which halts the daemon between the fsync and the rename.
        try (ForegroundDaemon daemon = ForegroundDaemon.start(velos,
                Map.of("JAVA_TOOL_OPTIONS", "-Dvelos.test.hook=halt-before-rename=3"))) {
            velos.ok("start", script("first.sh", "exec sleep 1000").toString(), "--name", "first");
            Thread.sleep(1000);
            velos.run("start", script("second.sh", "exec sleep 1000").toString(), "--name", "second");
            assertThat(daemon.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        }
        assertThat(velos.home.resolve("state.bin.tmp")).as("the new list was written, not yet renamed").exists();
        try (ForegroundDaemon next = ForegroundDaemon.start(velos, Map.of(), "--resurrect")) {
            assertThat(next.isAlive()).as(next.stderr()).isTrue();
            assertThat(velos.list()).as("the old list (or the new one), never neither").containsKey("first");
            velos.ok("kill");
            next.awaitExit(Duration.ofSeconds(60));
        }
    }
}
