// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelcontextprotocol.client.McpSyncClient;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23's command line through the real {@code bin/velos}: {@code velos token create|list|revoke}
 * make tokens that {@code velos api} honours with their scope and apps and refuses (401) once
 * revoked; {@code velos audit} reads back what the servers recorded, filtered by time, app and
 * channel; {@code velos mcp-server} takes {@code --scope}/{@code --apps} on stdio only. None of the
 * token or audit commands needs, or starts, a daemon.
 */
class TokenAuditCliEndToEndTest extends EndToEndTest {
    private static final String PROCESSES = ApiScopesEndToEndTest.PROCESSES;

    @Test
    void aCreatedTokenWorksAgainstVelosApiWithItsScopeAndARevokedOneGets401() throws Exception {
        VelosCli.Result viewer = velos.ok("token", "create", "--scope", "read", "--name", "viewer");
        assertThat(velos.socket()).as("no daemon for a token").doesNotExist();
        assertThat(viewer.out()).as("the secret alone on stdout").matches("velos_[0-9a-f]{64}\n");
        String viewerSecret = viewer.out().strip();
        assertThat(viewer.err()).contains("Created token 'viewer' (scope read, apps all)", "tokens.json", "SHA-256");
        JsonNode ops = velos.ok("token", "create", "--scope", "operate", "--apps", "api", "--json").json();
        assertThat(ops.get("id").asText()).matches("tok-[0-9a-f]{8}");
        assertThat(ops.get("scope").asText()).isEqualTo("operate");
        assertThat(ops.get("apps").toString()).isEqualTo("[\"api\"]");
        String opsSecret = ops.get("secret").asText();
        String store = Files.readString(velos.home.resolve("tokens.json"));
        assertThat(store).as("stored hashed").contains("viewer").doesNotContain(viewerSecret, opsSecret);

        VelosCli.Result list = velos.ok("token", "list", "--json");
        assertThat(list.json()).extracting(t -> t.get("id").asText() + " " + t.get("scope").asText() + " " + t.get("apps"))
                .containsExactly("viewer read []", ops.get("id").asText() + " operate [\"api\"]");
        assertThat(list.out()).doesNotContain(viewerSecret, opsSecret, "secret");
        assertThat(velos.ok("token", "list").out()).contains("│ viewer ", "│ read ", "│ all ", "│ api ");

        velos.ok("start", script("api.sh", "exec sleep 600").toString(), "--name", "api");
        velos.ok("start", script("web.sh", "exec sleep 600").toString(), "--name", "web");
        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            assertThat(ApiScopesEndToEndTest.get(api, PROCESSES, viewerSecret).status()).isEqualTo(200);
            assertThat(ApiScopesEndToEndTest.post(api, PROCESSES + "/api/restart", "{}", viewerSecret).status())
                    .as("read cannot restart").isEqualTo(403);
            assertThat(ApiScopesEndToEndTest.post(api, PROCESSES + "/api/restart", "{}", opsSecret).status()).isEqualTo(200);
            assertThat(ApiScopesEndToEndTest.post(api, PROCESSES + "/web/restart", "{}", opsSecret).status())
                    .as("an --apps api token cannot touch web").isEqualTo(403);

            VelosCli.Result revoked = velos.ok("token", "revoke", "viewer");
            assertThat(revoked.out()).contains("Revoked token 'viewer'");

            assertThat(ApiScopesEndToEndTest.get(api, PROCESSES, viewerSecret).status()).isEqualTo(401);
            assertThat(ApiScopesEndToEndTest.get(api, PROCESSES, opsSecret).status()).as("the other still works")
                    .isEqualTo(200);
        }
        assertThat(velos.ok("token", "list", "--json").json()).hasSize(1);
        VelosCli.Result again = velos.run("token", "revoke", "viewer");
        assertThat(again.exit()).as("an unknown id is a runtime error").isEqualTo(1);
        assertThat(again.err()).contains("Error: no token named 'viewer'; velos token list shows them");
    }

    @Test
    void badTokenArgumentsAreUsageErrorsAndChangeNothing() {
        for (List<String> args : List.of(List.of("token"), List.of("token", "frob"), List.of("token", "create"),
                List.of("token", "create", "--scope", "root"), List.of("token", "create", "--scope", "read", "--name", "a/b"),
                List.of("token", "create", "--scope", "read", "--apps", "api:1"), List.of("token", "revoke"))) {
            VelosCli.Result r = velos.run(args.toArray(String[]::new));
            assertThat(r.exit()).as("velos %s: %s", args, r).isEqualTo(2);
            assertThat(r.err()).startsWith("Error: ").contains("--help' for usage.");
            assertThat(r.out()).isEmpty();
        }
        assertThat(velos.run("token", "create", "--scope", "root").err()).contains("unknown scope 'root': use read, operate, admin");
        assertThat(velos.home.resolve("tokens.json")).doesNotExist();
        velos.ok("token", "create", "--scope", "admin", "--name", "ci");
        VelosCli.Result taken = velos.run("token", "create", "--scope", "read", "--name", "ci");
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).contains("a token named 'ci' exists already");
        assertThat(velos.ok("token", "list", "--json").json().get(0).get("scope").asText()).isEqualTo("admin");
    }

    @Test
    void auditShowsWhatTheServersRecordedFilteredBySinceAppAndChannel() throws Exception {
        assertThat(velos.ok("audit").out()).startsWith("[velos] No audit records yet");
        velos.ok("start", script("api.sh", "exec sleep 600").toString(), "--name", "api");
        velos.ok("start", script("web.sh", "exec sleep 600").toString(), "--name", "web");
        assertThat(targets("audit", "--channel", "cli", "--json")).as("the daemon records the CLI's requests")
                .containsExactly("api", "web");
        // From here on, what the servers recorded (AuditEndToEndTest has every channel together).
        Files.delete(velos.home.resolve("audit.log"));
        String deployer = velos.ok("token", "create", "--scope", "admin", "--name", "deployer").out().strip();
        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            assertThat(ApiScopesEndToEndTest.post(api, PROCESSES + "/api/restart", "{}", deployer).status()).isEqualTo(200);
        }
        // Every record of the REST request is older than this instant, every MCP record newer.
        long between = System.currentTimeMillis() + 1;
        Thread.sleep(20);
        try (McpSyncClient client = McpClients.stdio(velos, McpClients.plain(), "--scope", "admin")) {
            client.initialize();
            McpEndToEndTest.ok(client, "process_restart", Map.of("name_or_id", "web"));
        }
        String uid = "uid:" + Files.getAttribute(Path.of("/proc/self"), "unix:uid");

        JsonNode all = velos.ok("audit", "--json").json();
        assertThat(all).extracting(r -> r.get("channel").asText() + " " + r.get("actor").asText() + " "
                + r.get("scope").asText() + " " + r.get("command").asText() + " " + r.get("target").asText() + " "
                + r.get("result").asText()).containsExactly("rest token:deployer admin restart api ok",
                "mcp " + uid + " admin restart web ok");
        assertThat(all.get(0).get("time").asText()).endsWith("Z");

        assertThat(targets("audit", "--app", "api", "--json")).containsExactly("api");
        assertThat(targets("audit", "--app", "web:0", "--json")).as("an instance means its app").containsExactly("web");
        assertThat(targets("audit", "--channel", "mcp", "--json")).containsExactly("web");
        assertThat(targets("audit", "--channel", "rest", "--app", "web", "--json")).isEmpty();
        assertThat(targets("audit", "--since", Long.toString(between), "--json")).containsExactly("web");
        assertThat(targets("audit", "--until", Long.toString(between), "--json")).containsExactly("api");
        assertThat(targets("audit", "--since", "1h", "--json")).containsExactly("api", "web");
        assertThat(targets("audit", "--limit", "1", "--json")).as("the newest").containsExactly("web");

        List<String> lines = velos.ok("audit").out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("time").contains("channel", "actor", "scope", "command", "target", "result");
        assertThat(lines.get(1)).contains(" rest ", " token:deployer ", " admin ", " restart ", " api ", " ok");
        assertThat(lines.get(2)).contains(" mcp ", " " + uid + " ", " restart ", " web ", " ok", "\"tool\":\"process_restart\"");
        assertThat(velos.ok("audit", "--app", "nothing-here").out()).isEqualTo("[velos] No audit records match.\n");

        for (List<String> args : List.of(List.of("audit", "--channel", "ftp"), List.of("audit", "--since", "yesterday"),
                List.of("audit", "--limit", "0"), List.of("audit", "--app", "../x"))) {
            VelosCli.Result r = velos.run(args.toArray(String[]::new));
            assertThat(r.exit()).as("velos %s: %s", args, r).isEqualTo(2);
            assertThat(r.err()).startsWith("Error: Invalid value for option '--");
        }
    }

    @Test
    void scopeAndAppsAreForStdioOnlyAndBadOnesAreUsageErrors() {
        for (List<String> args : List.of(List.of("mcp-server", "--port", "0", "--scope", "read"),
                List.of("mcp-server", "--port", "0", "--apps", "api"))) {
            VelosCli.Result r = velos.run(args.toArray(String[]::new));
            assertThat(r.exit()).as("velos %s: %s", args, r).isEqualTo(2);
            assertThat(r.err()).contains("--scope and --apps are for the stdio server", "velos token create")
                    .doesNotContain("istening on");
        }
        VelosCli.Result scope = velos.run("mcp-server", "--scope", "everything");
        assertThat(scope.exit()).isEqualTo(2);
        assertThat(scope.err()).contains("unknown scope 'everything': use read, operate, admin");
        VelosCli.Result apps = velos.run("mcp-server", "--apps", "a b");
        assertThat(apps.exit()).isEqualTo(2);
        assertThat(apps.err()).contains("invalid process name 'a b'");
        assertThat(scope.out() + apps.out()).as("nothing on the JSON-RPC channel").isEmpty();
    }

    @Test
    void theNewCommandsHaveHelpAndCompleteInBash() throws Exception {
        for (String command : List.of("token create", "token list", "token revoke", "audit")) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            assertThat(velos.ok(args.toArray(String[]::new)).out()).contains("Usage: velos " + command, "Examples:\n  velos ");
        }
        assertThat(velos.ok("token", "--help").out()).contains("Commands:", "create", "list", "revoke");

        Path script = apps.resolve("velos.bash");
        Files.writeString(script, velos.ok("completions", "bash").out());
        assertThat(bashComplete(script, "velos", "to")).containsExactly("token");
        assertThat(bashComplete(script, "velos", "token", "")).containsExactly("create", "list", "revoke");
        assertThat(bashComplete(script, "velos", "token", "create", "--sc")).containsExactly("--scope");
        assertThat(bashComplete(script, "velos", "token", "create", "--scope", "")).containsExactly("read", "operate", "admin");
        assertThat(bashComplete(script, "velos", "token", "list", "--")).as("not velos list's options")
                .doesNotContain("--ai", "--names").contains("--json");
        assertThat(bashComplete(script, "velos", "audit", "--channel", "")).containsExactly("cli", "rest", "dashboard", "mcp");
        assertThat(bashComplete(script, "velos", "mcp-server", "--scope", "")).containsExactly("read", "operate", "admin");
        assertThat(velos.ok("completions", "fish").out()).contains(
                "complete -c velos -n '__fish_seen_subcommand_from token; and not __fish_seen_subcommand_from create list revoke' -a create",
                "complete -c velos -n '__fish_seen_subcommand_from token; and __fish_seen_subcommand_from create' -l scope -r -a 'read operate admin'");
        assertThat(velos.ok("completions", "zsh").out()).contains("_velos_token() {", "_describe -t commands 'velos token command'");
    }

    /** The targets of the records {@code velos <args>} prints as JSON. */
    private List<String> targets(String... args) {
        List<String> targets = new java.util.ArrayList<>();
        velos.ok(args).json().forEach(r -> targets.add(r.get("target").asText()));
        return targets;
    }

    /** COMPREPLY for the words {@code line}, one reply per element. */
    private static List<String> bashComplete(Path script, String... line) {
        return CompletionsEndToEndTest.bashComplete(script, line).lines().filter(l -> !l.isEmpty()).toList();
    }
}
