// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velos reset <target>} (PM2's habit, issue 18): an app's restart counters go back to 0 —
 * the restart count and the quick exits in a row — and nothing else changes: it keeps its pid.
 */
class ResetEndToEndTest extends EndToEndTest {
    @Test
    void resetZeroesTheRestartCountersAndTouchesNothingElse() throws Exception {
        // Crashes three times, then stays up.
        String counter = apps.resolve("starts").toString();
        velos.ok("start", script("flaky.sh", "n=$(cat " + counter + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + counter
                + "; [ $n -le 3 ] && exit 1; exec sleep 600").toString(), "--name", "flaky");
        velos.ok("start", "sleep", "--name", "steady", "--", "600");
        await().atMost(Duration.ofSeconds(30)).until(() -> velos.list().get("flaky").get("restart_count").asInt() == 3
                && velos.list().get("flaky").get("status_str").asText().equals("running"));
        JsonNode before = info("flaky");
        assertThat(before.get("consecutive_crashes").asInt()).isPositive();

        VelosCli.Result reset = velos.ok("reset", "flaky");

        assertThat(reset.out()).isEqualTo("[velos] Reset the restart count of process 'flaky' (id=" + before.get("id").asInt()
                + ")\n");
        JsonNode after = info("flaky");
        assertThat(after.get("restart_count").asInt()).isZero();
        assertThat(after.get("consecutive_crashes").asInt()).isZero();
        assertThat(after.get("pid").asLong()).as("still the same process").isEqualTo(before.get("pid").asLong());
        assertThat(after.get("status_str").asText()).isEqualTo("running");

        velos.ok("restart", "steady");
        JsonNode all = velos.ok("reset", "all", "--json").json();
        assertThat(all).hasSize(2).allSatisfy(v -> assertThat(v.get("restart_count").asInt()).isZero());
        assertThat(velos.list().get("steady").get("restart_count").asInt()).isZero();

        VelosCli.Result unknown = velos.run("reset", "nosuch");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("process 'nosuch' not found");
    }
}
