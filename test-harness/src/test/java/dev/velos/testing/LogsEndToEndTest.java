// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code velos logs} with every filter and mode, through bin/velos against a real daemon (REFERENCE §15 item 14). */
class LogsEndToEndTest extends EndToEndTest {
    /** A small app log: every level, 3 timeouts, a repeated line, a JSON line, an INFO line on stderr, a FATAL last. */
    private static final String SAMPLE = """
            echo 'DEBUG: initializing config loader'
            echo 'INFO: server started on port 8080'
            echo 'INFO: connected to db 10.0.0.5:5432'
            echo 'WARN: deprecated API /v1/users called'
            echo 'ERROR: connection timeout after 3000ms' >&2
            echo 'INFO: request 1001 served in 12ms'
            echo 'INFO: request 1002 served in 15ms'
            echo 'INFO: request 1003 served in 11ms'
            echo 'ERROR: connection timeout after 3500ms' >&2
            echo 'INFO: cache warmed' >&2
            echo '{"level":"error","msg":"payment declined"}'
            echo '{"level":30,"msg":"pino says hi"}'
            echo 'ERROR: connection timeout after 4000ms' >&2
            echo 'FATAL: unrecoverable state, exiting' >&2
            """;


    private void startSample() throws IOException {
        // A pause after each line keeps stdout and stderr lines in distinct milliseconds, so the
        // merged order is the order they were written: lines are stamped when the daemon reads
        // them, and two pipes read in one wake-up of a busy loop can share a millisecond (or come
        // in either order). 100 ms is far beyond any wake-up delay of a loaded 2-core machine.
        String paced = SAMPLE.lines().map(l -> l + "; sleep 0.1").reduce("", (a, b) -> a + b + "\n");
        velos.ok("start", script("sample.sh", paced + "exec sleep 300").toString(), "--name", "sample");
        await().until(() -> velos.ok("logs", "sample", "--raw").out().contains("FATAL: unrecoverable"));
    }

    private static List<String> levels(JsonNode array) {
        List<String> levels = new ArrayList<>();
        array.forEach(n -> levels.add(n.get("level").asText()));
        return levels;
    }

    @Test
    void levelsComeFromTheContentThenTheStream() throws Exception {
        startSample();
        JsonNode all = velos.ok("logs", "sample", "--json").json();
        assertThat(all).hasSize(14);
        assertThat(all.get(0).has("timestamp_ms")).isTrue();
        assertThat(all.get(0).has("message")).isTrue();
        assertThat(levels(all)).containsExactly("Debug", "Info", "Info", "Warn", "Error", "Info", "Info", "Info", "Error",
                "Info", "Error", "Info", "Error", "Fatal");
        assertThat(levels(velos.ok("logs", "sample", "--level", "error", "--json").json())).containsOnly("Error")
                .hasSize(4);
        assertThat(levels(velos.ok("logs", "sample", "--level", "error,fatal", "--json").json())).hasSize(5);
    }

    @Test
    void grepDedupeAndSummary() throws Exception {
        startSample();
        assertThat(velos.ok("logs", "sample", "--grep", "timeout", "--raw").out().lines()).hasSize(3)
                .allMatch(l -> l.contains("timeout"));
        JsonNode groups = velos.ok("logs", "sample", "--dedupe", "--json").json();
        assertThat(groups.get(0).get("count").asInt()).isEqualTo(3);
        assertThat(groups.get(0).get("template").asText()).isEqualTo("ERROR: connection timeout after <N>ms");
        JsonNode summary = velos.ok("logs", "sample", "--summary", "--json").json();
        assertThat(summary.get("total_lines").asInt()).isEqualTo(14);
        assertThat(summary.get("by_level").get("error").asInt()).isEqualTo(4);
        assertThat(summary.get("last_error").asText()).isEqualTo("FATAL: unrecoverable state, exiting");
        assertThat(summary.get("health_score").asInt()).isEqualTo(100 - 5 * 5);
        assertThat(velos.ok("logs", "sample", "--summary").out()).contains("Health: 75/100", "Errors: 5");
        assertThat(velos.ok("logs", "sample", "--ai").out().trim()).startsWith("[{\"l\":\"debug\"");
    }

    @Test
    void aCatastrophicRegexReturnsPromptlyAndABadOneIsAnError() throws Exception {
        velos.ok("start", script("aaa.sh", "i=0; while [ $i -lt 1000 ]; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab; "
                + "i=$((i+1)); done; exec sleep 300").toString(), "--name", "aaa");
        await().until(() -> velos.ok("logs", "aaa", "-l", "2000", "--raw").out().lines().count() == 1000);
        long begin = System.nanoTime();
        VelosCli.Result r = velos.ok("logs", "aaa", "-l", "2000", "--grep", "(a+)+$", "--raw");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin)).isLessThan(20);
        assertThat(r.out()).contains("No log entries");
        VelosCli.Result bad = velos.run("logs", "aaa", "--grep", "(?<=x)y");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("invalid grep pattern");
        assertThat(velos.run("logs", "aaa", "--since", "yesterday").exit()).isEqualTo(1);
    }

    @Test
    void manyLinesHugeLinesAndInvalidUtf8() throws Exception {
        velos.ok("start", script("big.sh", "i=1; while [ $i -le 5000 ]; do echo n-$i; i=$((i+1)); done; "
                + "head -c 5242880 /dev/zero | tr '\\0' x; echo; printf 'bad \\377 byte\\n'; exec sleep 300").toString(),
                "--name", "big");
        await().atMost(Duration.ofSeconds(30)).until(() -> velos.ok("logs", "big", "-l", "1", "--raw").out().contains("bad"));
        // After n-5000 come the 5 MiB line in 80 pieces of 64 KiB and the "bad" line.
        List<String> last3000 = velos.ok("logs", "big", "-l", "3081", "--raw").out().lines().toList();
        assertThat(last3000).hasSize(3081);
        assertThat(last3000.get(0)).isEqualTo("n-2001");
        assertThat(last3000.get(2999)).isEqualTo("n-5000");
        JsonNode tail = velos.ok("logs", "big", "-l", "81", "--json").json();
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            assertThat(tail.get(i).path("continued").asBoolean(false)).isEqualTo(i > 0);
            joined.append(tail.get(i).get("message").asText());
        }
        assertThat(joined).hasSize(5 * 1024 * 1024);
        assertThat(tail.get(80).get("message").asText()).isEqualTo("bad \uFFFD byte");
    }

    @Test
    void followPrintsLinesWrittenAfterItStarted() throws Exception {
        velos.ok("start", script("slow.sh", "echo early; sleep 3; echo late-one; echo late-two; exec sleep 300").toString(),
                "--name", "slow");
        await().until(() -> velos.ok("logs", "slow", "--raw").out().contains("early"));
        Path out = apps.resolve("follow.txt");
        ProcessBuilder pb = new ProcessBuilder(VelosCli.LAUNCHER.toString(), "logs", "slow", "-f", "--raw")
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("VELOS_HOME", velos.home.toString());
        Process follower = pb.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out, StandardCharsets.UTF_8).contains("late-two"));
            assertThat(Files.readAllLines(out)).containsExactly("early", "late-one", "late-two");
            assertThat(follower.isAlive()).isTrue();
        } finally {
            follower.destroy();
            follower.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void logsWithoutATargetInterleaveEveryAppWithItsName() throws Exception {
        velos.ok("start", script("a.sh", "echo from-a; exec sleep 300").toString(), "--name", "a");
        velos.ok("start", script("b.sh", "echo from-b; exec sleep 300").toString(), "--name", "b");
        await().until(() -> velos.ok("logs").out().contains("from-b"));
        String out = velos.ok("logs").out();
        assertThat(out).contains("a | [INFO|out|").contains("b | [INFO|out|");
    }

    @Test
    void flushEmptiesTheLogsAndSinceReadsAcrossADaemonRestart() throws Exception {
        velos.ok("start", script("keep.sh", "echo before-restart; exec sleep 300").toString(), "--name", "keep");
        await().until(() -> velos.ok("logs", "keep", "--raw").out().contains("before-restart"));
        long pid = velos.daemonPid().orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroy();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        velos.ok("resurrect");
        await().until(() -> velos.ok("logs", "keep", "--since", "1h", "--raw").out().lines().count() >= 2);
        assertThat(velos.ok("logs", "keep", "--since", "1h", "--raw").out()).contains("before-restart");
        velos.ok("flush", "keep");
        assertThat(velos.ok("logs", "keep", "--raw").out()).doesNotContain("before-restart");
        assertThat(velos.ok("flush", "--json").out().trim()).isEqualTo("{\"flushed\":\"all\"}");
    }
}
