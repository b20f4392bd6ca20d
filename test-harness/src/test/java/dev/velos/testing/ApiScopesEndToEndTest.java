// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.IssuedToken;
import dev.velos.ipc.Scope;
import dev.velos.ipc.TokenStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23's scopes on {@code velos api}: every route is checked against the scope and apps of the
 * token it comes with (named tokens made through {@link TokenStore}, as {@code velos token create}
 * will make them), and a revoked token gets 401 from its next request on.
 */
class ApiScopesEndToEndTest extends EndToEndTest {
    static final String PROCESSES = "/api/v1/processes";
    private static final String JSON = "Content-Type: application/json";

    @Test
    void eachRouteNeedsItsScope() throws Exception {
        startSleeper("api");
        TokenStore store = TokenStore.in(velos.home);
        String viewer = store.create("viewer", Scope.READ, List.of()).secret();
        String ops = store.create("ops", Scope.OPERATE, List.of()).secret();
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            assertThat(get(server, PROCESSES, viewer).status()).isEqualTo(200);
            assertThat(get(server, "/api/v1/health", viewer).status()).isEqualTo(200);
            assertThat(get(server, "/metrics", viewer).status()).isEqualTo(200);
            Http.Reply refused = post(server, PROCESSES + "/api/restart", "{}", viewer);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("error").asText()).isEqualTo("POST /api/v1/processes/{name}/restart needs the "
                    + "'operate' scope; this session's scope is 'read' (use a token created with --scope operate)");

            long pid = velos.list().get("api").get("pid").asLong();
            assertThat(post(server, PROCESSES + "/api/restart", "{}", ops).status()).isEqualTo(200);
            assertThat(velos.list().get("api").get("pid").asLong()).isNotEqualTo(pid);
            assertThat(post(server, PROCESSES + "/api/stop", "{}", ops).status()).isEqualTo(200);
            assertThat(post(server, PROCESSES + "/api/start", "{}", ops).status()).as("starting an existing app: operate")
                    .isEqualTo(200);
            Http.Reply start = post(server, PROCESSES, "{\"name\":\"x\",\"script\":\"sleep\",\"args\":[\"60\"]}", ops);
            assertThat(start.status()).isEqualTo(403);
            assertThat(start.json().get("error").asText()).contains("needs the 'admin' scope");
            assertThat(Http.delete(server.url(PROCESSES + "/api"), "Authorization", "Bearer " + ops).status())
                    .isEqualTo(403);
            assertThat(velos.list()).containsOnlyKeys("api");
        }
    }

    /**
     * A refusal answers before the body is read, and Jetty then drops the connection: the answer
     * must say so, or a client that reuses the connection (java.net.http does, for the next POST)
     * fails with "header parser received no bytes" — as a CI run of TokenAuditCliEndToEndTest did.
     */
    @Test
    void aRefusalBeforeTheBodyIsReadTellsTheClientTheConnectionCloses() throws Exception {
        startSleeper("api");
        String viewer = TokenStore.in(velos.home).create("viewer", Scope.READ, List.of()).secret();
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            for (String[] auth : List.of(new String[] {"Authorization: Bearer " + viewer, JSON},
                    new String[] {JSON})) {
                String head = RawHttp.answerHeadBeforeBody(server.port, "POST", PROCESSES + "/api/restart", 2, auth);
                assertThat(head).as("scope refusal and missing token").startsWith("HTTP/1.1 40")
                        .containsIgnoringCase("\r\nConnection: close\r\n");
            }
        }
    }

    @Test
    void anAppsLimitedTokenSeesAndTouchesOnlyItsApps() throws Exception {
        startSleeper("api");
        startSleeper("worker");
        String apiOps = TokenStore.in(velos.home).create("api-ops", Scope.OPERATE, List.of("api")).secret();
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            JsonNode list = get(server, PROCESSES, apiOps).json();
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("name").asText()).isEqualTo("api");
            assertThat(get(server, "/api/v1/health", apiOps).json().get("process_count").asInt()).isEqualTo(1);
            String workerId = velos.list().get("worker").get("id").asText();
            for (String path : List.of(PROCESSES + "/worker", PROCESSES + "/" + workerId, "/api/v1/logs/worker", "/metrics")) {
                Http.Reply r = get(server, path, apiOps);
                assertThat(r.status()).as(path).isEqualTo(403);
            }
            long worker = velos.list().get("worker").get("pid").asLong();
            assertThat(post(server, PROCESSES + "/worker/restart", "{}", apiOps).status()).isEqualTo(403);
            assertThat(post(server, PROCESSES + "/worker/restart", "{}", apiOps).json().get("error").asText())
                    .contains("outside the apps this session may use (api)");
            assertThat(velos.list().get("worker").get("pid").asLong()).isEqualTo(worker);
            assertThat(post(server, PROCESSES + "/api/restart", "{}", apiOps).status()).isEqualTo(200);
        }
    }

    @Test
    void aRevokedTokenGets401AtItsNextRequest() throws Exception {
        startSleeper("api");
        TokenStore store = TokenStore.in(velos.home);
        IssuedToken ops = store.create("ops", Scope.OPERATE, List.of());
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            assertThat(get(server, PROCESSES, ops.secret()).status()).isEqualTo(200);
            assertThat(store.list()).extracting(t -> t.id()).containsExactly("ops");
            store.revoke("ops");
            Http.Reply after = get(server, PROCESSES, ops.secret());
            assertThat(after.status()).isEqualTo(401);
            assertThat(after.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(get(server, PROCESSES, java.nio.file.Files.readString(velos.home.resolve("api.token")).strip())
                    .status()).as("the server's own token still works").isEqualTo(200);
        }
    }

    @Test
    void theLiveFeedOfALimitedTokenCarriesOnlyItsApps() throws Exception {
        startSleeper("api");
        startSleeper("worker");
        String apiOnly = TokenStore.in(velos.home).create("api-feed", Scope.READ, List.of("api")).secret();
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            java.util.concurrent.BlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket ws = Http.CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + apiOnly)
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.port + "/ws"), new java.net.http.WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data,
                                                                              boolean last) {
                            frames.add(data.toString());
                            w.request(1);
                            return null;
                        }
                    }).join();
            ws.sendText("{\"type\":\"subscribe\",\"logs\":[\"worker\"]}", true).join();
            velos.ok("restart", "worker");
            velos.ok("restart", "api");
            List<String> seen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                String f = frames.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (f != null) {
                    seen.add(f);
                }
            }
            ws.abort();
            assertThat(seen).anyMatch(f -> f.contains("\"process_update\"") && f.contains("\"api\""));
            assertThat(seen).anyMatch(f -> f.contains("\"event\"") && f.contains("\"api\""));
            assertThat(seen).anyMatch(f -> f.contains("\"error\"") && f.contains("outside the apps"));
            assertThat(seen).noneMatch(f -> !f.contains("\"error\"") && f.contains("\"worker\""));
        }
    }

    private void startSleeper(String name) throws Exception {
        velos.ok("start", script(name + ".sh", "exec sleep 600").toString(), "--name", name);
    }

    static Http.Reply get(ServerProcess server, String path, String token) {
        return Http.get(server.url(path), "Authorization", "Bearer " + token);
    }

    static Http.Reply post(ServerProcess server, String path, String body, String token, String... more) {
        String[] headers = java.util.Arrays.copyOf(new String[] {"Authorization", "Bearer " + token, "Content-Type",
                "application/json"}, 4 + more.length);
        System.arraycopy(more, 0, headers, 4, more.length);
        return Http.post(server.url(path), body, headers);
    }
}
