// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code velos audit} over a real audit trail in a temporary runtime directory, with no daemon. */
class AuditCommandTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private CliContext context;

    @BeforeEach
    void writeTrail() throws java.io.IOException {
        context = Cli.context(dir, dir.resolve("none.sock"), Cli.NO_DAEMON);
        java.nio.file.Files.createDirectories(context.home());
        AuditLog log = AuditLog.in(context.home());
        log.append(new AuditRecord(T0, AuditRecord.MCP, "token:agent", Scope.OPERATE, "config.set", "api",
                Map.of("changes", Map.of("max_restarts", 4L)), ""));
        // What a client sent is shown as it came: a hostile target and error must not drive a terminal.
        log.append(new AuditRecord(T0.plusSeconds(60), AuditRecord.REST, "token:viewer", Scope.READ, "restart",
                "api:1\u001b]0;pwned\u0007", Map.of(), "refused \u001b[2J"));
        log.append(new AuditRecord(T0.plus(Duration.ofDays(1)), AuditRecord.DASHBOARD, "token:api.token", Scope.ADMIN, "stop",
                "web", Map.of(), ""));
    }

    @Test
    void linesAreAlignedOldestFirstWithTheErrorAndTheArguments() {
        Cli.Result r = Cli.run(context, "audit");
        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        int command = lines.get(0).indexOf("command");
        assertThat(List.of(lines.get(1).indexOf("config.set"), lines.get(2).indexOf("restart"), lines.get(3).indexOf("stop")))
                .as("one column").containsOnly(command);
        assertThat(r.out()).contains("mcp ", "token:agent", "operate", "config.set", "ok", "{\"changes\":{\"max_restarts\":4}}")
                .contains("error", "refused");
    }

    @Test
    void onATerminalWhatClientsWroteIsShownEscaped() {
        CliContext terminal = new CliContext(context.env(), context.cwd(), context.home(), context.socket(),
                new CliContext.Terminals(true, true, false), Cli.NO_DAEMON, Duration.ofSeconds(5));
        String out = Cli.run(terminal, "audit").out();
        assertThat(out).doesNotContain("\u001b]", "\u0007", "\u001b[2J").contains("\\x1b]0;pwned\\x07", "refused \\x1b[2J");
        assertThat(Cli.run(context, "audit", "--json").out()).as("JSON escapes them everywhere")
                .doesNotContain("\u001b").contains("\\u001B[2J");
    }

    @Test
    void filtersByAppChannelAndTime() {
        assertThat(Cli.run(context, "audit", "--app", "api").out()).contains("config.set", "restart").doesNotContain("stop");
        assertThat(Cli.run(context, "audit", "--channel", "dashboard", "--json").out()).contains("\"target\": \"web\"")
                .doesNotContain("\"api");
        assertThat(Cli.run(context, "audit", "--since", "2026-05-01T10:00:30Z", "--until", "2026-05-01T11:00:00Z").out())
                .contains("restart").doesNotContain("config.set", "stop");
        assertThat(Cli.run(context, "audit", "-n", "1", "--json").out()).contains("\"command\": \"stop\"")
                .doesNotContain("restart");
        assertThat(Cli.run(context, "audit", "--app", "worker").out()).isEqualTo("[velos] No audit records match.\n");
    }

    @Test
    void badValuesAreUsageErrors() {
        for (String[] args : new String[][] {{"audit", "--channel", "ftp"}, {"audit", "--since", "soon"},
                {"audit", "--until", "-1h"}, {"audit", "--limit", "1001"}, {"audit", "--app", ".."}}) {
            Cli.Result r = Cli.run(context, args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).startsWith("Error: Invalid value for option '--").contains("Run 'velos audit --help'");
        }
    }
}
