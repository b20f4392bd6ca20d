// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velos daemon --max-parallel-starts 1} (README "Orchestration"): of three apps that take a
 * while to report ready, one is starting at a time while the others show {@code waiting} with the
 * start-slot reason, and all three end up running. Sampled through {@code list --json} while they
 * start, as a user watching would see it.
 */
class MaxParallelStartsEndToEndTest extends EndToEndTest {
    @Test
    void oneAppStartsAtATimeAndTheOthersWaitForASlot() throws Exception {
        // Ready after 1.5 s: the 4-byte little-endian length 5, then "ready", on VELOS_IPC_FD.
        Path slow = script("slow.sh", """
                sleep 1.5
                printf '\\005\\000\\000\\000ready' >&"$VELOS_IPC_FD"
                exec sleep 600
                """);
        try (ForegroundDaemon daemon = ForegroundDaemon.start(velos, Map.of(), "--max-parallel-starts", "1")) {
            for (String name : List.of("a", "b", "c")) {
                velos.ok("start", slow.toString(), "--name", name, "--wait-ready", "--listen-timeout", "20000");
            }
            List<Map<String, String>> samples = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Map<String, String> statuses = new java.util.TreeMap<>();
                for (JsonNode app : velos.ok("list", "--json").json()) {
                    statuses.put(app.get("name").asText(), app.get("status_str").asText());
                    if (app.has("waiting_reason")) {
                        reasons.add(app.get("waiting_reason").asText());
                    }
                }
                samples.add(statuses);
                return statuses.values().stream().allMatch("running"::equals) && statuses.size() == 3;
            });
            assertThat(samples).as("at most one app starting at a time")
                    .allSatisfy(s -> assertThat(s.values().stream().filter("starting"::equals).count()).isLessThanOrEqualTo(1));
            assertThat(samples).as("the others waited for a slot").anySatisfy(s -> assertThat(s).containsValue("waiting"));
            assertThat(reasons).isNotEmpty().allSatisfy(r -> assertThat(r).contains("max_parallel_starts = 1"));
            assertThat(daemon.isAlive()).isTrue();
        }
    }
}
