// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI against a real daemon (REFERENCE §15 scenarios 1-10, and the extra checks),
 * through {@code bin/velos} exactly as a user types it.
 */
class CliEndToEndTest extends EndToEndTest {

    @Test
    void scenario1And2DaemonComesUpWithAPrivateSocketAndAnswersPing() throws Exception {
        velos.ok("list");
        assertThat(velos.socket()).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(velos.socket()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(velos.home))).isEqualTo("rwx------");
        assertThat(velos.ok("ping").out()).contains("pong");
    }

    @Test
    void scenario3StartListAndLogs() throws Exception {
        Path app = script("hello.sh", "echo hello; exec sleep 60");
        VelosCli.Result started = velos.ok("start", app.toString());
        assertThat(started.out()).contains("Started 'hello'");
        JsonNode entry = velos.list().get("hello");
        assertThat(entry.get("id").asInt()).isPositive();
        assertThat(entry.get("status_str").asText()).isEqualTo("running");
        await().until(() -> velos.ok("logs", "hello").out().contains("hello"));
    }

    @Test
    void scenario4StopThenDeleteEmptiesTheList() throws Exception {
        velos.ok("start", script("a.sh", "exec sleep 60").toString());
        velos.ok("stop", "a");
        assertThat(velos.list().get("a").get("status_str").asText()).isEqualTo("stopped");
        velos.ok("delete", "a");
        assertThat(velos.ok("list", "--json").json()).isEmpty();
        assertThat(velos.ok("list").out()).contains("No processes running");
    }

    @Test
    void scenario5RestartChangesThePidAndInfoShowsTheSpec() throws Exception {
        Path app = script("svc.sh", "exec sleep 60");
        velos.ok("start", app.toString());
        int before = velos.list().get("svc").get("pid").asInt();
        velos.ok("restart", "svc");
        JsonNode info = info("svc");
        assertThat(info.get("pid").asInt()).isNotEqualTo(before);
        assertThat(info.get("name").asText()).isEqualTo("svc");
        assertThat(info.get("status").asInt()).isEqualTo(1);
        assertThat(info.get("status_str").asText()).isEqualTo("running");
        assertThat(info.get("script").asText()).endsWith("svc.sh");
        assertThat(info.get("kill_timeout_ms").asLong()).isEqualTo(5000);
        assertThat(info.get("restart_count").asInt()).isEqualTo(1);
    }

    @Test
    void scenario6RunningProcessReportsMemoryAndUptime() throws Exception {
        velos.ok("start", script("mem.sh", "exec sleep 60").toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode e = velos.list().get("mem");
            return e.get("memory_bytes").asLong() > 0 && e.get("uptime_ms").asLong() > 0;
        });
    }

    @Test
    void scenario7SaveDeleteResurrectBringsTheProcessBack() throws Exception {
        velos.ok("start", script("keep.sh", "exec sleep 60").toString());
        velos.ok("save");
        assertThat(velos.home.resolve("dump.bin")).exists();
        velos.ok("delete", "keep");
        assertThat(velos.list()).isEmpty();
        VelosCli.Result restored = velos.ok("resurrect");
        assertThat(restored.out()).contains("1");
        assertThat(velos.list().get("keep").get("status_str").asText()).isEqualTo("running");
    }

    @Test
    void scenario8CrashLoopEndsErroredWithRestarts() throws Exception {
        velos.ok("start", script("crash.sh", "echo dying; exit 1").toString(), "--max-restarts", "3");
        await().atMost(Duration.ofSeconds(10)).until(() -> velos.list().get("crash").get("status").asInt() == 2);
        JsonNode e = velos.list().get("crash");
        assertThat(e.get("restart_count").asInt()).isPositive();
        assertThat(e.get("status_str").asText()).isEqualTo("errored");
    }

    @Test
    void scenario9StartFlagsRoundTripThroughInfo() throws Exception {
        velos.ok("start", script("flags.sh", "exec sleep 60").toString(), "--name", "flags", "--kill-timeout", "1500",
                "--restart-delay", "250", "--min-uptime", "2000", "--exp-backoff", "--max-restarts", "7",
                "--no-autorestart", "--", "--port", "8080");
        JsonNode info = info("flags");
        assertThat(info.get("kill_timeout_ms").asLong()).isEqualTo(1500);
        assertThat(info.get("restart_delay_ms").asLong()).isEqualTo(250);
        assertThat(info.get("min_uptime_ms").asLong()).isEqualTo(2000);
        assertThat(info.get("exp_backoff").asBoolean()).isTrue();
        assertThat(info.get("max_restarts").asInt()).isEqualTo(7);
        assertThat(info.get("autorestart").asBoolean()).isFalse();
    }

    @Test
    void scenario10StartAloneWritesTheStateFile() throws Exception {
        velos.ok("start", script("auto.sh", "exec sleep 60").toString());
        assertThat(velos.home.resolve("state.bin")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(velos.home.resolve("state.bin"))))
                .isEqualTo("rw-------");
    }

    @Test
    void scriptArgumentsAfterDoubleDashReachTheScript() throws Exception {
        velos.ok("start", script("args.sh", "echo \"args=$*\"; exec sleep 60").toString(), "--", "--port", "8080");
        await().until(() -> velos.ok("logs", "args").out().contains("args=--port 8080"));
    }

    @Test
    void userStopOfASigtermDeathIsStoppedAndTakesTheGrandchildren() throws Exception {
        velos.ok("start", script("tree.sh", "sleep 300 & sleep 300 & echo tree-up; wait").toString());
        await().until(() -> velos.ok("logs", "tree").out().contains("tree-up"));
        int pid = velos.list().get("tree").get("pid").asInt();
        velos.ok("stop", "tree");
        assertThat(velos.list().get("tree").get("status_str").asText()).isEqualTo("stopped");
        assertThat(ProcFs.allProcesses()).noneMatch(s -> s.pgrp() == pid && !s.isZombie());
    }

    @Test
    void theLastOfFiveHundredLinesOfAnExitingProcessIsInTheLogs() throws Exception {
        velos.ok("start", script("burst.sh", "i=1; while [ $i -le 500 ]; do echo line-$i; i=$((i+1)); done").toString(),
                "--no-autorestart");
        await().until(() -> velos.list().get("burst").get("status_str").asText().equals("stopped"));
        String out = velos.ok("logs", "burst", "--lines", "1000").out();
        assertThat(out).contains("line-500").contains("line-1\n");
    }

    @Test
    void aDuplicateNameIsRejectedWithAHint() throws Exception {
        Path app = script("dup.sh", "exec sleep 60");
        velos.ok("start", app.toString());
        VelosCli.Result again = velos.run("start", app.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void aHostileNameIsRejectedAndNoFileLandsOutsideTheLogDirectory() throws Exception {
        VelosCli.Result r = velos.run("start", script("evil.sh", "echo pwned; exec sleep 60").toString(), "--name", "../x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).containsIgnoringCase("invalid");
        assertThat(velos.home.resolve("x-out.log")).doesNotExist();
        assertThat(home.resolve("x-out.log")).doesNotExist();
    }

    @Test
    void aMissingScriptFailsBeforeAnythingStarts() {
        VelosCli.Result r = velos.run("start", apps.resolve("nope.js").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("not found");
    }

    @Test
    void anUnknownProcessIsExitOneWithAHint() {
        velos.ok("list");
        for (String cmd : List.of("stop", "restart", "delete", "info", "logs")) {
            VelosCli.Result r = velos.run(cmd, "ghost");
            assertThat(r.exit()).as(cmd).isEqualTo(1);
            assertThat(r.err()).as(cmd).contains("not found");
        }
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThat(velos.run("start").exit()).isEqualTo(2);
        assertThat(velos.run("start", "x.sh", "--max-restarts", "lots").exit()).isEqualTo(2);
        assertThat(velos.run("frobnicate").exit()).isEqualTo(2);
    }
}
