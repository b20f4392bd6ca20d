// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The user-facing side of issues 21 and 20 through {@code bin/velos}: the log file flags and
 * {@code --listen} of {@code velos start}, the same keys in a TOML file, both refused with the
 * daemon's own words (and the file's line) when wrong, and {@code velos info} showing where the
 * streams go, the listening sockets and dropped lines.
 */
class LogAndListenOptionsEndToEndTest extends EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void startFlagsChooseTheFilesTheFormatAndTheHeldSocket() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 for the socket-activated HTTP app");
        Path chatty = script("chatty.sh", "echo out-line; echo err-line >&2; exec sleep 3000");
        velos.ok("start", chatty.toString(), "--name", "chatty", "--cwd", apps.toString(), "--out-file", "chatty.out",
                "--error-file", "/dev/null", "--log-format", "json", "--log-rotate", "daily", "--no-log-compress",
                "--log-retain-days", "7");
        Path out = apps.resolve("chatty.out");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out) && Files.readString(out).contains("out-line"));
        JsonNode line = JSON.readTree(Files.readAllLines(out).getFirst());
        assertThat(line.get("stream").asText()).isEqualTo("out");
        assertThat(line.get("msg").asText()).isEqualTo("out-line");
        assertThat(Files.readString(out)).doesNotContain("err-line");
        assertThat(velos.logs().resolve("chatty-err.log")).doesNotExist();

        String text = velos.ok("info", "chatty").out();
        assertThat(text).contains("Out log:").contains(out.toString()).contains("Error log:").contains("/dev/null")
                .contains("log_rotate=daily").contains("log_compress=false").contains("log_retain_days=7")
                .contains("log_format=json");
        JsonNode files = velos.ok("info", "chatty", "--json").json().get("log_files");
        assertThat(files.get("out_file").asText()).isEqualTo(out.toString());
        assertThat(files.get("error_file").asText()).isEqualTo("/dev/null");
        assertThat(files.get("log_format").asText()).isEqualTo("json");
        assertThat(files.get("log_retain_days").asInt()).isEqualTo(7);

        int port = 44000 + (int) (ProcessHandle.current().pid() % 500);
        velos.ok("start", "/usr/bin/python3", "--name", "web", "-i", "2", "--listen", "tcp://127.0.0.1:" + port,
                "--merge-logs", "--", VelosCli.REPO.resolve("supervisor/src/test/resources/dev/velos/supervisor/activated_http.py")
                        .toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (HttpLoad probe = new HttpLoad(port, 1, 1, 1)) {
                Thread.sleep(300);
                return probe.ok() > 0;
            }
        });
        assertThat(velos.ok("info", "web:0").out()).contains("Listen:").contains("tcp://127.0.0.1:" + port)
                .contains("merge_logs=true");
        assertThat(velos.ok("info", "web:0", "--json").json().get("listen").get(0).asText()).startsWith("tcp://127.0.0.1:" + port + "#");
        assertThat(velos.logs().resolve("web-0.log")).exists();
    }

    @Test
    void completionsOfferTheNewFlagsTheirNegationAndTheirChoices() {
        for (String shell : new String[] {"bash", "zsh", "fish"}) {
            String script = velos.ok("completions", shell).out();
            assertThat(script).as(shell).contains("out-file").contains("error-file").contains("merge-logs")
                    .contains("log-retain-days").contains("no-log-compress").contains("listen").contains("hourly");
        }
    }

    @Test
    void badFlagsAreUsageErrorsInTheDaemonsWords() {
        VelosCli.Result rotate = velos.run("start", "/bin/true", "--log-rotate", "weekly");
        assertThat(rotate.exit()).isEqualTo(2);
        assertThat(rotate.err()).contains("log_rotate").contains("weekly");
        VelosCli.Result format = velos.run("start", "/bin/true", "--log-format", "xml");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("log_format").contains("xml");
        VelosCli.Result listen = velos.run("start", "/bin/true", "--listen", "tcp://example.com:80");
        assertThat(listen.exit()).isEqualTo(2);
        assertThat(listen.err()).contains("--listen").contains("example.com");
        assertThat(velos.run("start", "/bin/true", "--log-retain-days", "x").exit()).isEqualTo(2);
        assertThat(velos.ok("list", "--json").json()).isEmpty();
    }

    @Test
    void theTomlKeysReachTheDaemonAndABadOneNamesItsLine() throws Exception {
        Path app = script("app.sh", "echo from-toml; echo oops >&2; exec sleep 3000");
        Path config = apps.resolve("velos.toml");
        Files.writeString(config, """
                [apps.merged]
                script = "%s"
                merge_logs = true
                out_file = "merged.log"
                log_format = "json"
                log_rotate = "hourly"
                """.formatted(app));
        velos.ok("start", "--config", config.toString());
        Path merged = apps.resolve("merged.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(merged)
                && Files.readString(merged).contains("from-toml") && Files.readString(merged).contains("oops"));
        for (String l : Files.readAllLines(merged)) {
            assertThat(JSON.readTree(l).get("stream").asText()).isIn("out", "err");
        }
        assertThat(velos.ok("info", "merged").out()).contains("log_rotate=hourly").contains(merged.toString());

        Path bad = apps.resolve("bad.toml");
        Files.writeString(bad, """
                [apps.bad]
                script = "%s"
                listen = ["tcp://0.0.0.0:99999"]
                log_compress = "sometimes"
                """.formatted(app));
        VelosCli.Result r = velos.run("start", "--config", bad.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains(bad + ":3: app 'bad': listen:").contains(bad + ":4: app 'bad': log_compress must be true or false");
        assertThat(velos.list()).doesNotContainKey("bad");
    }
}
