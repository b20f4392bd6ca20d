// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20's "done when" for {@code examples/stack}: its documented {@code velos reload web}
 * works under continuous load. The web app's two instances accept on the socket velos holds
 * ({@code listen}), so a reload starts each new instance on it next to the old one: no request
 * fails, no connection is refused, every instance gets a new pid, and both instances served.
 * Before, each instance bound its own port and the new generation died of "Address already in use".
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
class StackReloadEndToEndTest extends EndToEndTest {
    /** The port examples/stack/velos.toml names in {@code listen}. */
    private static final int PORT = 18080;

    private Map<String, Long> webPids() {
        Map<String, Long> pids = new java.util.TreeMap<>();
        velos.list().forEach((name, view) -> {
            if (name.startsWith("web:")) {
                pids.put(name, view.get("pid").asLong());
            }
        });
        return pids;
    }

    private long requestsServedBy(String instance) throws IOException {
        Path log = velos.logs().resolve(instance.replace(':', '-') + "-out.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.endsWith(instance + ": GET /")).count() : 0;
    }

    @Test
    void theDocumentedReloadOfTheStacksWebAppFailsNoRequest() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "the stack's web app needs python3");
        velos.ok("start", "--config", VelosCli.REPO.resolve("examples/stack/velos.toml").toString(), "--only", "web");
        await().atMost(Duration.ofSeconds(30)).until(() -> velos.list().values().stream()
                .filter(v -> v.get("name").asText().startsWith("web:"))
                .filter(v -> v.get("status_str").asText().equals("running")).count() == 2);
        Map<String, Long> before = webPids();
        try (HttpLoad load = new HttpLoad(PORT, 4, 90, 200_000)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok() > 50);
            for (int round = 1; round <= 2; round++) {
                assertThat(velos.ok("reload", "web").out()).contains("Reloaded 2 instances of 'web'");
                long now = load.ok();
                await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() > now + 50);
            }
            load.close();
            System.out.println("StackReloadEndToEndTest: 2 reloads under load, " + load.ok() + " requests, "
                    + load.failures().size() + " failed");
            assertThat(load.failures()).as("failed requests of %d", load.ok() + load.failures().size()).isEmpty();
        }
        Map<String, Long> after = webPids();
        assertThat(after.keySet()).containsExactly("web:0", "web:1");
        after.forEach((name, pid) -> assertThat(pid).as(name + " was replaced").isNotEqualTo(before.get(name)));
        assertThat(requestsServedBy("web:0")).as("web:0 served").isPositive();
        assertThat(requestsServedBy("web:1")).as("web:1 served").isPositive();
        assertThat(velos.ok("logs", "web", "--raw", "-l", "100000").out()).doesNotContain("Address already in use");
    }
}
