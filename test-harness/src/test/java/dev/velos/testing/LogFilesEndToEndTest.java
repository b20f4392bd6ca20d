// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 21's log files through a real daemon: the settings travel in a start request (the CLI and
 * TOML keys are wired separately, so this drives the daemon's socket with {@link VelosClient}),
 * daily rotation moved on by an injected clock ({@code clock-offset-file}: the daemon's log clock
 * runs ahead by the file's milliseconds), gzip of older rotations, {@code logs --since} across a
 * compressed file, age retention acting on idle files, {@code /dev/null}, a relative
 * {@code error_file}, {@code merge_logs} with JSON lines read back by Jackson, the daemon's own
 * log, cluster file names and the refused {@code web-0} / {@code web:0} pair.
 */
class LogFilesEndToEndTest extends EndToEndTest {
    private static final String HOOK = "JAVA_TOOL_OPTIONS";
    private static final Pattern STAMPED = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z .*");
    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private static WireTypes.StartArgs app(String name, Path script, Map<String, Object> logs) {
        return new WireTypes.StartArgs(name, script.toString(), List.of(), null, null, Map.of(), null, null, null, null,
                null, null).withLogFiles(logs);
    }

    @Test
    void dailyRotationByAnInjectedClockGzipSinceAcrossTheGzipAndAgeRetentionOfIdleFiles() throws Exception {
        Path offset = apps.resolve("clock-offset");
        Files.writeString(offset, "0");
        Map<String, String> env = Map.of(HOOK, "-Dvelos.test.hook=clock-offset-file=" + offset + ",maintain-every=200",
                "TZ", "UTC");
        try (ForegroundDaemon daemon = ForegroundDaemon.start(velos, env);
             VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(30))) {
            Path ticker = script("ticker.sh", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done");
            Path quiet = script("quiet.sh", "echo only line; exec sleep 3000");
            Map<String, Object> daily = Map.of("log_rotate", "daily", "log_retain_days", 5);
            client.start(app("ticker", ticker, daily));
            client.start(app("quiet", quiet, daily));
            Path log = velos.logs().resolve("ticker-out.log");
            Path quietLog = velos.logs().resolve("quiet-out.log");
            await().atMost(Duration.ofSeconds(20)).until(() -> contains(log, "tick 2") && contains(quietLog, "only line"));

            Files.writeString(offset, Long.toString(DAY_MS)); // tomorrow
            await().atMost(Duration.ofSeconds(20)).until(() -> contains(rotated(log, 1), "tick 1"));
            await("an idle file rotates without a new line (maintenance tick)").atMost(Duration.ofSeconds(20))
                    .until(() -> contains(rotated(quietLog, 1), "only line"));
            assertThat(quietLog).doesNotExist();

            Files.writeString(offset, Long.toString(2 * DAY_MS)); // the day after: .1 becomes .2, gzip-compressed
            Path gz = log.resolveSibling("ticker-out.log.2.gz");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(gz));
            assertThat(gunzip(gz)).anyMatch(l -> l.endsWith(" tick 1"));
            assertThat(log.resolveSibling("ticker-out.log.2")).doesNotExist();
            String since = velos.ok("logs", "ticker", "--raw", "-l", "100000", "--since", "10m").out();
            assertThat(since).as("--since reads across the compressed rotation").contains("tick 1").contains("tick 3");

            Files.writeString(offset, Long.toString(10 * DAY_MS)); // rotations now older than log_retain_days = 5
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(gz) && !Files.exists(rotated(quietLog, 1)));
            assertThat(velos.ok("logs", "ticker", "--raw", "-l", "100000").out()).doesNotContain("tick 1\n");
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    @Test
    void devNullARelativeErrorFileMergedJsonLinesAndWhatInfoSays() throws Exception {
        velos.ok("list");
        Path both = script("both.sh", "echo to-out 1; echo to-err 1 >&2; echo '{\"level\":\"error\",\"msg\":\"json\"}';"
                + " echo to-err 2 >&2; exec sleep 3000");
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(30))) {
            client.start(new WireTypes.StartArgs("quiet", both.toString(), List.of(), apps.toString(), null, Map.of(), null,
                    null, null, null, null, null).withLogFiles(Map.of("out_file", "/dev/null", "error_file", "err.txt")));
            client.start(app("merged", both, Map.of("merge_logs", true, "log_format", "json")));
            Path errFile = apps.resolve("err.txt");
            Path merged = velos.logs().resolve("merged.log");
            await().atMost(Duration.ofSeconds(20)).until(() -> contains(errFile, "to-err 2") && contains(merged, "to-err 2"));

            assertThat(Files.readString(errFile)).doesNotContain("to-out");
            assertThat(velos.logs().resolve("quiet-out.log")).doesNotExist();
            WireTypes.ProcessView quiet = client.info("quiet").getFirst();
            assertThat(quiet.outFile()).isEqualTo("/dev/null");
            assertThat(quiet.errorFile()).isEqualTo(errFile.toString());
            assertThat(quiet.logDroppedLines()).isZero();

            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = Files.readAllLines(merged).stream().map(l -> read(json, l)).toList();
            assertThat(lines).extracting(n -> n.get("stream").asText() + ":" + n.get("msg").asText())
                    .containsExactlyInAnyOrder("out:to-out 1", "err:to-err 1", "out:{\"level\":\"error\",\"msg\":\"json\"}",
                            "err:to-err 2"); // two pipes: the order across streams is the order they were read in
            assertThat(lines).filteredOn(n -> n.get("msg").asText().contains("json")).singleElement()
                    .satisfies(n -> assertThat(n.get("level").asText()).isEqualToIgnoringCase("error"));
            assertThat(lines).allMatch(n -> STAMPED.matcher(n.get("ts").asText() + " x").matches());
            WireTypes.ProcessView m = client.info("merged").getFirst();
            assertThat(m.outFile()).isEqualTo(merged.toString()).isEqualTo(m.errorFile());
            assertThat(m.logFiles()).containsEntry("merge_logs", true).containsEntry("log_format", "json");
            assertThat(velos.ok("logs", "merged", "--raw", "-l", "10").out()).contains("to-out 1").contains("to-err 2");

            // config_set edits the same keys, checked by the same parser; a bad value changes nothing.
            WireTypes.ConfigSetResult set = client.configSet("quiet", Map.of("log_rotate", "hourly", "log_retain_days", 3), false);
            assertThat(set.changed()).containsExactlyInAnyOrder("log_rotate", "log_retain_days");
            assertThat(client.info("quiet").getFirst().logFiles()).containsEntry("log_rotate", "hourly")
                    .containsEntry("log_retain_days", 3L).containsEntry("out_file", "/dev/null");
            assertThatThrownBy(() -> client.configSet("quiet", Map.of("log_format", "xml"), false))
                    .hasMessageContaining("log_format must be \"text\" or \"json\"");
            assertThat(client.info("quiet").getFirst().logFiles()).doesNotContainKey("log_format");
        }
        // The settings are in state.bin: a daemon started after this one brings them back.
        velos.ok("kill");
        velos.ok("resurrect");
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(30))) {
            assertThat(client.info("quiet").getFirst().outFile()).isEqualTo("/dev/null");
            assertThat(client.info("merged").getFirst().logFiles()).containsEntry("log_format", "json");
        }
    }

    @Test
    void linesTheWriterHadToDropAreCountedInInfoAndNotedInTheFile() throws Exception {
        // The writer drops past 64 MiB queued, and the supervisor stops reading at 16 MiB; the hook
        // lowers the drop threshold to 4 KiB so that a 2 MB burst overruns it.
        Map<String, String> env = Map.of(HOOK, "-Dvelos.test.hook=log-drop-bytes=4096");
        try (ForegroundDaemon daemon = ForegroundDaemon.start(velos, env);
             VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(30))) {
            Path burst = script("burst.sh", "yes 'a line of the burst' | head -c 2000000;"
                    + " while true; do echo after the burst; sleep 0.2; done");
            client.start(app("burst", burst, Map.of()));
            await().atMost(Duration.ofSeconds(20)).until(() -> client.info("burst").getFirst().logDroppedLines() > 0);
            // The note goes into the file ahead of the app's next lines that are written.
            await().atMost(Duration.ofSeconds(20)).until(() -> contains(velos.logs().resolve("burst-out.log"),
                    "line(s) dropped: the log writer could not keep up"));
            long dropped = client.info("burst").getFirst().logDroppedLines();
            assertThat(dropped).isPositive();
            assertThat(client.info("burst").getFirst().logFiles()).containsEntry("log_dropped_lines", dropped);
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    @Test
    void theDaemonLogIsStampedClusterFilesHaveNoColonAndACollidingNameIsRefused() throws Exception {
        Path svc = script("svc.sh", "echo up $VELOS_INSTANCE_ID; exec sleep 3000");
        velos.ok("start", svc.toString(), "--name", "web", "-i", "2");
        await().atMost(Duration.ofSeconds(20)).until(() -> contains(velos.logs().resolve("web-0-out.log"), "up")
                && contains(velos.logs().resolve("web-1-out.log"), "up"));
        try (Stream<Path> files = Files.list(velos.logs())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(":"));
        }
        VelosCli.Result clash = velos.run("start", svc.toString(), "--name", "web-0");
        assertThat(clash.exit()).isNotZero();
        assertThat(clash.err()).contains("'web-0' and 'web:0' would write the same log files");

        Path daemonLog = velos.home.resolve("daemon.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> contains(daemonLog, "'web:1' started"));
        List<String> lines = Files.readAllLines(daemonLog);
        assertThat(lines).anyMatch(l -> l.contains("[velos-daemon] Initialized. Listening on"));
        assertThat(lines).isNotEmpty().allMatch(l -> STAMPED.matcher(l).matches());
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static Path rotated(Path file, int k) {
        return file.resolveSibling(file.getFileName() + "." + k);
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
