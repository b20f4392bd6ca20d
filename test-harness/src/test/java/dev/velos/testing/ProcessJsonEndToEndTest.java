// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One view of a process (issue 17): {@code velos list --json} and {@code info --json} print the very
 * objects the REST API answers with, key for key and value for value, and {@code --ai} is picked from
 * them. Before, the CLI's info lacked {@code last_exit_code} and the line counters that REST had.
 */
class ProcessJsonEndToEndTest extends EndToEndTest {
    private String[] auth() throws Exception {
        return new String[] {"Authorization", "Bearer " + Files.readString(velos.home.resolve("api.token")).strip()};
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void cliAndRestPrintTheSameProcessObjects() throws Exception {
        velos.ok("start", script("fails.sh", "echo starting; exit 3").toString(), "--name", "fails", "--no-autorestart");
        await().untilAsserted(() -> assertThat(info("fails").get("status_str").asText()).isEqualTo("errored"));
        // The line counters are counted as the daemon captures lines: wait until the one line is in.
        await().untilAsserted(() -> assertThat(info("fails").get("log_lines_out").asLong()).isEqualTo(1));

        JsonNode info = info("fails");
        assertThat(info.get("last_exit_code").asInt()).isEqualTo(3);
        assertThat(info.get("last_signal").asInt()).isZero();
        JsonNode listed = velos.ok("list", "--json").json().get(0);
        JsonNode infoAi = velos.ok("info", "fails", "--ai").json();
        JsonNode listAi = velos.ok("list", "--ai").json().get(0);

        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            api.output("[velos-api] Listening on");
            JsonNode restInfo = Http.get(api.url("/api/processes/fails"), auth()).json();
            JsonNode restList = Http.get(api.url("/api/processes"), auth()).json().get(0);

            assertThat(keys(info)).containsExactlyElementsOf(keys(restInfo));
            assertThat(keys(listed)).containsExactlyElementsOf(keys(restList));
            // The app has exited, so nothing in its objects moves between the two reads.
            assertThat(info).isEqualTo(restInfo);
            assertThat(listed).isEqualTo(restList);
        }
        assertThat(keys(info)).startsWith(keys(listed).toArray(String[]::new));
        assertThat(infoAi.get("n").asText()).isEqualTo(info.get("name").asText());
        assertThat(infoAi.get("s").asText()).isEqualTo(info.get("status_str").asText());
        assertThat(infoAi.get("script").asText()).isEqualTo(info.get("script").asText());
        assertThat(infoAi.get("cwd").asText()).isEqualTo(info.get("cwd").asText());
        assertThat(keys(infoAi)).containsExactly("cwd", "m", "n", "p", "r", "s", "script", "u");
        assertThat(keys(listAi)).containsExactly("c", "i", "m", "n", "p", "r", "s", "u");
        assertThat(listAi.get("i").asInt()).isEqualTo(listed.get("id").asInt());
        assertThat(listAi.get("r").asInt()).isEqualTo(listed.get("restart_count").asInt());
    }
}
