// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.velos.ipc.WireTypes.LogEntry;

import static org.assertj.core.api.Assertions.assertThat;

/** The --json shapes: REFERENCE key names and order, status_str beside status, serde-like pretty printing. */
class JsonTest {
    @Test
    void listEntriesHaveTheReferenceKeysPlusStatusStr() throws Exception {
        String json = Json.pretty(Json.list(List.of(Cli.view(1, "api", 1234, 1, "running"))));
        assertThat(json).isEqualTo("""
                [
                  {
                    "id": 1,
                    "name": "api",
                    "pid": 1234,
                    "status": 1,
                    "status_str": "running",
                    "memory_bytes": 47185920,
                    "uptime_ms": 9000,
                    "restart_count": 0,
                    "cpu_percent": 2.5
                  }
                ]""");
        assertThat(new ObjectMapper().readTree(json).get(0).get("status").isInt()).isTrue();
    }

    @Test
    void emptyContainersPrintWithoutSpaces() {
        assertThat(Json.pretty(Json.list(List.of()))).isEqualTo("[]");
        assertThat(Json.pretty(Json.object())).isEqualTo("{}");
    }

    @Test
    void infoKeysFollowTheReferenceOrder() throws Exception {
        JsonNode info = new ObjectMapper().readTree(Json.compact(Json.info(Cli.view(7, "api", 1, 2, "errored"))));
        // REFERENCE §8.6's keys in its order (status_str, args, listen_timeout_ms and status_text among them),
        // then what the REST API's process object has too: one mapping for both (issue 17).
        assertThat(info.properties().stream().map(java.util.Map.Entry::getKey)).containsExactly("id", "name", "pid", "status",
                "status_str", "memory_bytes", "uptime_ms", "restart_count", "cpu_percent", "consecutive_crashes",
                "last_restart_ms", "script", "args", "cwd", "interpreter", "kill_timeout_ms", "autorestart", "max_restarts",
                "min_uptime_ms", "restart_delay_ms", "exp_backoff", "max_memory_restart", "watch", "cron_restart",
                "wait_ready", "listen_timeout_ms", "shutdown_with_message", "status_text", "last_exit_code", "last_signal",
                "last_restart_reason", "log_lines_out", "log_lines_err");
        assertThat(info.get("status_str").asText()).isEqualTo("errored");
        assertThat(info.get("interpreter").asText()).isEmpty();
        assertThat(info.get("args").get(1).asText()).isEqualTo("8080");
    }

}
