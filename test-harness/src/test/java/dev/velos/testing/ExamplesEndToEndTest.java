// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every example a newcomer is pointed at starts cleanly: each app reaches {@code running} on its
 * own merits (an app with {@code wait_ready} by signalling, not by sitting out its listen timeout)
 * and nothing crashes.
 */
@org.junit.jupiter.api.parallel.ResourceLock("examples-stack") // examples/stack listens on 127.0.0.1:18080
class ExamplesEndToEndTest extends EndToEndTest {
    private static final String LISTEN_TIMEOUT_LINE = "did not signal readiness within its listen timeout";

    @Test
    void theHelloScriptRuns() {
        velos.ok("start", VelosCli.REPO.resolve("examples/hello/app.sh").toString());
        assertEveryAppRunsCleanly("app");
    }

    @Test
    void theHelloNodeServerRuns() {
        assumeNode();
        velos.ok("start", VelosCli.REPO.resolve("examples/hello/server.js").toString());
        assertEveryAppRunsCleanly("server");
    }

    @Test
    void theAnnotatedExampleConfigStartsEveryApp() {
        assumeNode();
        velos.ok("start", "--config", VelosCli.REPO.resolve("config/velos.example.toml").toString());
        assertEveryAppRunsCleanly("api", "ticker");
        assertThat(info("api").get("wait_ready").asBoolean()).as("the example shows wait_ready").isTrue();
    }

    @Test
    void theStackStartsEveryApp() {
        assumeNode();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "the stack's web app needs python3");
        velos.ok("start", "--config", VelosCli.REPO.resolve("examples/stack/velos.toml").toString());
        assertEveryAppRunsCleanly("web:0", "web:1", "worker", "report");
    }

    private void assertEveryAppRunsCleanly(String... names) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, JsonNode> list = velos.list();
            assertThat(list).containsOnlyKeys(names);
            list.values().forEach(p -> assertThat(p.get("status_str").asText()).as(p.get("name").asText())
                    .isEqualTo("running"));
        });
        velos.list().values().forEach(p -> assertThat(p.get("restart_count").asInt())
                .as("%s restarted: it crashed", p.get("name").asText()).isZero());
        assertThat(daemonLog()).as("an app with wait_ready must signal, not time out").doesNotContain(LISTEN_TIMEOUT_LINE);
    }

    private String daemonLog() {
        try {
            Path log = velos.home.resolve("daemon.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assumeNode() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "this example runs under node");
    }
}
