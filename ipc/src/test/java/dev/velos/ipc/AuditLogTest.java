// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit trail's one owner: its record, its redaction, its rotation, its reading. */
class AuditLogTest {
    private static final Grant OPS = new Grant("token:ops", Scope.OPERATE, List.of());

    @TempDir
    Path home;

    @Test
    void aRecordIsOneJsonLineWithTheDocumentedKeysAndReadsBack() throws Exception {
        AuditLog log = AuditLog.in(home);
        log.append(AuditRecord.succeeded(AuditRecord.MCP, OPS, "restart", "api", Map.of("tool", "process_restart")));
        log.append(AuditRecord.failed(AuditRecord.REST, OPS, "delete", "api", Map.of(), "needs admin"));
        List<String> lines = Files.readAllLines(home.resolve(AuditLog.FILE_NAME));
        assertThat(lines).hasSize(2);
        assertThat(JsonText.parseObject(lines.get(0)).keySet()).containsExactly("time", "channel", "actor", "scope",
                "command", "target", "args", "result");
        assertThat(lines.get(1)).contains("\"result\":\"error\",\"error\":\"needs admin\"");

        List<AuditRecord> read = log.read(new AuditQuery(0, 0, List.of(), "", 10));
        assertThat(read).extracting(AuditRecord::command).containsExactly("restart", "delete");
        assertThat(read.get(0).args()).containsEntry("tool", "process_restart");
        assertThat(read.get(1).ok()).isFalse();
        assertThat(read.get(1).scope()).isEqualTo(Scope.OPERATE);
    }

    @Test
    void environmentValuesAreRedactedWhereverTheyAppearAndLongStringsCut() {
        Map<String, Object> args = Map.of("env", Map.of("API_KEY", "s3cret"), "changes",
                Map.of("env", java.util.Collections.singletonMap("OLD", null)), "list", List.of(Map.of("env",
                        List.of("TOKEN=abc", "BARE"))), "script", "x".repeat(5000));
        AuditRecord r = AuditRecord.succeeded(AuditRecord.REST, OPS, "start", "api", args);
        String line = JsonText.write(r.toJson());
        assertThat(line).contains("API_KEY", "OLD", AuditRecord.REMOVED, "TOKEN=" + AuditRecord.REDACTED)
                .doesNotContain("s3cret", "abc");
        assertThat((String) r.args().get("script")).hasSize(AuditRecord.MAX_STRING + 1);
    }

    @Test
    void queriesFilterByTimeAppAndChannelAndKeepTheNewest() {
        AuditLog log = AuditLog.in(home);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 10; i++) {
            log.append(new AuditRecord(t0.plusSeconds(i), i % 2 == 0 ? "rest" : "mcp", "uid:1", Scope.ADMIN, "restart",
                    i < 5 ? "api:" + i : "worker", Map.of("i", i), ""));
        }
        assertThat(log.read(new AuditQuery(0, 0, List.of("api"), "", 100))).hasSize(5);
        assertThat(log.read(new AuditQuery(0, 0, List.of(), "mcp", 100))).hasSize(5);
        assertThat(log.read(new AuditQuery(t0.plusSeconds(3).toEpochMilli(), t0.plusSeconds(6).toEpochMilli(), List.of(),
                "", 100))).extracting(r -> r.args().get("i")).containsExactly(3L, 4L, 5L, 6L);
        assertThat(log.read(new AuditQuery(0, 0, List.of(), "", 2))).extracting(r -> r.args().get("i"))
                .as("the newest, oldest first").containsExactly(8L, 9L);
    }

    @Test
    void theTrailRotatesBySizeKeepingRetainOldFilesAndReadsAcrossThem() throws Exception {
        AuditLog log = new AuditLog(home, 400, 2);
        for (int i = 0; i < 12; i++) {
            log.append(AuditRecord.succeeded("cli", OPS, "stop", "app" + i, Map.of()));
        }
        assertThat(home.resolve("audit.log.1")).exists();
        assertThat(home.resolve("audit.log.2")).exists();
        assertThat(home.resolve("audit.log.3")).doesNotExist();
        assertThat(Files.size(home.resolve(AuditLog.FILE_NAME))).isLessThanOrEqualTo(400);
        List<AuditRecord> all = log.read(new AuditQuery(0, 0, List.of(), "", 100));
        assertThat(all).extracting(AuditRecord::target).endsWith("app9", "app10", "app11");
        assertThat(all).extracting(AuditRecord::time).as("oldest first, across the files").isSorted();
    }

    @Test
    void aPlantedLinkIsRefusedNotWrittenThroughAndABadLineIsSkipped() throws Exception {
        Path victim = Files.writeString(home.resolve("victim"), "keep\n");
        Files.createSymbolicLink(home.resolve(AuditLog.FILE_NAME), victim);
        AuditLog log = AuditLog.in(home);
        assertThatThrownBy(() -> log.append(AuditRecord.succeeded("cli", OPS, "stop", "a", Map.of())))
                .hasMessageContaining("cannot append to the audit trail");
        assertThat(Files.readString(victim)).isEqualTo("keep\n");

        Files.delete(home.resolve(AuditLog.FILE_NAME));
        Files.writeString(home.resolve(AuditLog.FILE_NAME), "not json\n{\"time\":1}\n");
        log.append(AuditRecord.succeeded("cli", OPS, "stop", "a", Map.of()));
        assertThat(log.read(new AuditQuery(0, 0, List.of(), "", 10))).hasSize(1);
    }
}
