// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 14 items 1-4 and 7 (HTTP) as an attacker tries them against real {@code velos api},
 * {@code velos metrics} and {@code velos mcp-server --port} processes on 127.0.0.1 with a real
 * daemon: DNS rebinding, cross-site requests and WebSocket hijacking, other local users, and
 * bodies that would fill the server's memory. Every refused request must also change nothing.
 */
class HttpSecurityEndToEndTest extends EndToEndTest {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String MCP_ACCEPT = "Accept: application/json, text/event-stream";

    private String token() throws IOException {
        return Files.readString(velos.home.resolve("api.token")).strip();
    }

    private ServerProcess api(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("api", "-p", "0"));
        args.addAll(List.of(extra));
        return ServerProcess.start(velos, Map.of(), args.toArray(String[]::new));
    }

    @Test
    void aRebindingHostOrAForeignOriginIsRefusedOnRestWsAndMetrics() throws Exception {
        Path marker = apps.resolve("ran");
        velos.ok("list");
        try (ServerProcess api = api(); ServerProcess metrics = ServerProcess.start(velos, Map.of(), "metrics", "-p", "0")) {
            String bearer = "Authorization: Bearer " + token();
            String start = "{\"name\":\"evil\",\"script\":\"" + script("evil.sh", "touch " + marker + "; exec sleep 60") + "\"}";
            String rebound = RawHttp.send(api.port, "POST", "/api/processes", "rebind.attacker.example:" + api.port, start,
                    "Content-Type: application/json", bearer);
            assertThat(RawHttp.status(rebound)).as(rebound).isEqualTo(403);
            assertThat(rebound).contains("Host 'rebind.attacker.example:" + api.port + "' is not allowed");
            assertThat(RawHttp.status(RawHttp.send(api.port, "GET", "/api/processes", "rebind.attacker.example", "", bearer)))
                    .isEqualTo(403);
            assertThat(RawHttp.status(RawHttp.send(api.port, "GET", "/metrics", "rebind.attacker.example", "", bearer)))
                    .isEqualTo(403);
            assertThat(RawHttp.status(RawHttp.send(metrics.port, "GET", "/metrics", "rebind.attacker.example", "")))
                    .as("velos metrics too, although it needs no token on loopback").isEqualTo(403);
            assertThat(RawHttp.status(RawHttp.send(metrics.port, "GET", "/metrics", "127.0.0.1:" + metrics.port, "")))
                    .isEqualTo(200);

            String foreign = RawHttp.send(api.port, "POST", "/api/processes", "127.0.0.1:" + api.port, start,
                    "Content-Type: application/json", bearer, "Origin: http://evil.example");
            assertThat(RawHttp.status(foreign)).as(foreign).isEqualTo(403);
            assertThat(foreign).contains("Origin 'http://evil.example' is not allowed");

            String[] upgrade = {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dmVsb3MtdGVzdC1ub25jZQ=="};
            assertThat(RawHttp.status(RawHttp.send(api.port, "GET", "/ws", "rebind.attacker.example", "",
                    with(upgrade, bearer)))).as("/ws with a rebinding Host").isEqualTo(403);
            assertThat(RawHttp.status(RawHttp.send(api.port, "GET", "/ws", "127.0.0.1:" + api.port, "",
                    with(upgrade, bearer, "Origin: http://evil.example")))).as("/ws from a foreign page").isEqualTo(403);
            try (RawWebSocket own = new RawWebSocket(api.port, "/ws", bearer, "Origin: http://127.0.0.1:" + api.port)) {
                // The constructor fails unless the server answered 101: from its own origin the upgrade works.
                own.sendText("{\"type\":\"subscribe\",\"logs\":[]}");
            }
            assertThat(velos.list()).as("nothing was started").doesNotContainKey("evil");
            assertThat(marker).doesNotExist();
        }
    }

    /** The audit's reproduction: a text/plain body scaled a cluster to 6, a form POST stopped an app. */
    @Test
    void formAndTextPostsAreRefusedAndChangeNothing() throws Exception {
        velos.ok("start", script("pool.sh", "exec sleep 300").toString(), "--name", "pool", "-i", "2");
        velos.ok("start", script("svc.sh", "exec sleep 300").toString(), "--name", "svc");
        long pid = info("svc").get("pid").asLong();
        try (ServerProcess api = api()) {
            String host = "127.0.0.1:" + api.port;
            String bearer = "Authorization: Bearer " + token();
            assertThat(RawHttp.status(RawHttp.send(api.port, "POST", "/api/processes/pool/scale", host, "{\"instances\":6}",
                    "Content-Type: text/plain"))).as("no token: the cross-site request of the audit").isEqualTo(401);
            String text = RawHttp.send(api.port, "POST", "/api/processes/pool/scale", host, "{\"instances\":6}",
                    "Content-Type: text/plain", bearer);
            assertThat(RawHttp.status(text)).as(text).isEqualTo(415);
            assertThat(text).contains("Content-Type: application/json");
            for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "")) {
                String form = RawHttp.send(api.port, "POST", "/api/processes/svc/stop", host, "a=b",
                        with(type.isEmpty() ? new String[0] : new String[] {"Content-Type: " + type}, bearer));
                assertThat(RawHttp.status(form)).as(type).isEqualTo(415);
            }
            assertThat(RawHttp.status(RawHttp.send(api.port, "POST", "/api/processes/svc/restart", host, "",
                    "Content-Type: text/plain", bearer))).isEqualTo(415);
        }
        Map<String, JsonNode> after = velos.list();
        assertThat(after.keySet()).containsExactlyInAnyOrder("pool:0", "pool:1", "svc");
        assertThat(after.get("svc").get("status_str").asText()).isEqualTo("running");
        assertThat(info("svc").get("pid").asLong()).as("never restarted").isEqualTo(pid);
    }

    @Test
    void onLoopbackEveryRouteNeedsTheTokenOfTheGeneratedFile() throws Exception {
        velos.ok("start", script("idle.sh", "exec sleep 300").toString(), "--name", "idle");
        try (ServerProcess api = api()) {
            Path file = velos.home.resolve("api.token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String token = token();
            assertThat(token).matches("[0-9a-f]{64}");
            assertThat(api.output("it is in " + file)).contains("it is in " + file).doesNotContain(token);

            for (String path : List.of("/api/processes", "/api/processes/idle", "/api/logs/idle", "/api/health", "/metrics")) {
                Http.Reply refused = Http.get(api.url(path));
                assertThat(refused.status()).as(path).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
                assertThat(Http.get(api.url(path), "Authorization", "Bearer " + token).status()).as(path).isEqualTo(200);
            }
            Throwable noToken = handshakeFailure(api);
            assertThat(noToken).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) noToken).getResponse().statusCode()).isEqualTo(401);
            WebSocket ws = Http.CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/ws"), new WebSocket.Listener() { }).join();
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();

            try (ServerProcess mcp = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0")) {
                assertThat(mcp.output("it is in " + file)).contains("it is in " + file).doesNotContain(token);
                assertThat(mcpPost(mcp, INITIALIZE, null).statusCode()).isEqualTo(401);
                HttpResponse<String> ok = mcpPost(mcp, INITIALIZE, token);
                assertThat(ok.statusCode()).as("the same token file serves every server").isEqualTo(200);
                assertThat(ok.body()).contains("\"serverInfo\"");
                assertThat(Http.get(mcp.url("/health")).status()).as("health says nothing about apps").isEqualTo(200);
            }
        }
    }

    @Test
    void tokenOptionsAreCheckedAndAnArgumentTokenIsWarnedAbout() throws Exception {
        VelosCli.Result tooShort = velos.run("api", "-p", "0", "--token", "tok-123");
        assertThat(tooShort.exit()).as(tooShort.toString()).isEqualTo(2);
        assertThat(tooShort.err()).contains("too short").contains("at least 16");
        VelosCli.Result mcpShort = velos.run("mcp-server", "--port", "0", "--token", "0123456789abcde");
        assertThat(mcpShort.exit()).as(mcpShort.toString()).isEqualTo(2);
        assertThat(mcpShort.err()).contains("too short");

        Path loose = apps.resolve("loose.token");
        Files.writeString(loose, "file-token-0123456789abcdef\n");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        VelosCli.Result refused = velos.run("api", "-p", "0", "--token-file", loose.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("readable by other users").contains("chmod 600");

        String literal = "literal-token-0123456789abcdef";
        try (ServerProcess api = api("--token", literal)) {
            assertThat(api.output("Warning: --token is visible to every local user")).contains("Warning: --token is visible to every local user").doesNotContain(literal);
            assertThat(Http.get(api.url("/api/processes"), "Authorization", "Bearer " + literal).status())
                    .as("past the guard: no daemon runs").isEqualTo(502);
        }
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-------"));
        try (ServerProcess api = api("--token-file", loose.toString())) {
            assertThat(api.output("it is in " + loose)).doesNotContain("Warning").contains("it is in " + loose);
            assertThat(Http.get(api.url("/api/processes"), "Authorization", "Bearer file-token-0123456789abcdef").status())
                    .isEqualTo(502);
            assertThat(Http.get(api.url("/api/processes")).status()).isEqualTo(401);
        }
        String env = "env-token-0123456789abcdef";
        try (ServerProcess mcp = ServerProcess.start(velos, Map.of("VELOS_MCP_TOKEN", env), "mcp-server", "--port", "0")) {
            assertThat(mcpPost(mcp, INITIALIZE, env).statusCode()).isEqualTo(200);
        }
        try (ServerProcess metrics = ServerProcess.start(velos, Map.of("VELOS_API_TOKEN", env), "metrics", "-p", "0")) {
            assertThat(Http.get(metrics.url("/metrics")).status()).as("a chosen token closes velos metrics").isEqualTo(401);
            assertThat(Http.get(metrics.url("/metrics"), "Authorization", "Bearer " + env).status()).isEqualTo(200);
        }
        assertThat(velos.home.resolve("api.token")).as("a chosen token leaves no token file behind").doesNotExist();
    }

    @Test
    void bodiesOverOneMebibyteGet413AndAreNeverHeldInMemory() throws Exception {
        velos.ok("start", script("one.sh", "exec sleep 300").toString(), "--name", "one");
        try (ServerProcess api = api(); ServerProcess mcp = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0")) {
            String bearer = "Authorization: Bearer " + token();
            HttpRequest declared = HttpRequest.newBuilder(URI.create(api.url("/api/processes"))).expectContinue(true)
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20])).build();
            HttpResponse<String> r = Http.CLIENT.send(declared, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(mcpPost(mcp, " ".repeat(2 << 20) + INITIALIZE, token()).statusCode()).isEqualTo(413);

            for (ServerProcess server : List.of(api, mcp)) {
                String path = server == api ? "/api/processes/one/scale" : "/mcp";
                for (int i = 0; i < 3; i++) { // warm-up: the code paths, buffers and JIT of a refused upload
                    assertThat(RawHttp.streamChunked(server.port, path, 2 << 20, bearer).status()).isEqualTo(413);
                }
                long before = RawHttp.rssKiB(server.pid());
                for (int i = 0; i < 3; i++) {
                    RawHttp.Upload big = RawHttp.streamChunked(server.port, path, 64L << 20, bearer);
                    assertThat(big.status()).as(path + " after " + big.bytesWritten() + " bytes").isEqualTo(413);
                }
                long grown = RawHttp.rssKiB(server.pid()) - before;
                // 3 × 64 MiB were offered; holding even one would add 64 MiB or more.
                assertThat(grown).as(path + ": RSS grew by " + grown + " KiB").isLessThan(32 * 1024);
            }
            assertThat(velos.list()).containsOnlyKeys("one");
        }
    }

    /**
     * Loopback is not private: another local user reaches 127.0.0.1 too, but cannot read the
     * 0600 token file, so it gets nothing from the REST API or MCP (issue 14 item 2).
     */
    @Test
    void anotherLocalUserGetsNothingOnLoopback() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "setpriv --reuid needs root (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/curl")),
                "setpriv (util-linux) and curl");
        Path marker = apps.resolve("ran");
        Path owned = script("owned.sh", "touch " + marker + "; exec sleep 60");
        velos.ok("list");
        try (ServerProcess api = api(); ServerProcess mcp = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0")) {
            VelosCli.Result read = asNobody("cat", velos.home.resolve("api.token").toString());
            assertThat(read.exit()).as("nobody cannot read the token file").isNotZero();

            assertThat(asNobody("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", api.url("/api/processes")).out())
                    .isEqualTo("401");
            String start = "{\"name\":\"owned\",\"script\":\"" + owned + "\"}";
            assertThat(asNobody("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json",
                    "--data", start, api.url("/api/processes")).out()).isEqualTo("401");
            String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"process_start\","
                    + "\"arguments\":{\"script\":\"" + owned + "\",\"name\":\"owned2\"}}}";
            for (String body : List.of(INITIALIZE, call)) {
                assertThat(asNobody("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json",
                        "-H", MCP_ACCEPT, "--data", body, mcp.url("/mcp")).out()).isEqualTo("401");
            }
        }
        assertThat(velos.list()).isEmpty();
        assertThat(marker).doesNotExist();
    }

    private static VelosCli.Result asNobody(String... command) {
        List<String> full = new java.util.ArrayList<>(List.of("/usr/bin/setpriv", "--reuid", "nobody", "--regid", "nogroup",
                "--clear-groups"));
        full.addAll(List.of(command));
        return Shell.run(full);
    }

    private HttpResponse<String> mcpPost(ServerProcess mcp, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mcp.url("/mcp"))).timeout(Duration.ofSeconds(60))
                .expectContinue(true).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Why a WebSocket connection to {@code /ws} without credentials failed. */
    private static Throwable handshakeFailure(ServerProcess api) {
        try {
            Http.CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/ws"), new WebSocket.Listener() { }).join().abort();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the handshake should have failed");
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
