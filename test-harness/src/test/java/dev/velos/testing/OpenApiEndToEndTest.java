// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /openapi.json} of a real {@code velos api} against what the server really answers:
 * every documented operation, at its {@code /api/v1} path and its unversioned alias, is called on
 * a real daemon, and every answer — successes and errors alike — must have a documented status
 * and match its response schema; the WebSocket's messages match theirs.
 */
class OpenApiEndToEndTest extends EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private String token;
    private ServerProcess api;
    private OpenApiSchemas schemas;

    private String[] auth(String... more) {
        String[] all = new String[2 + more.length];
        all[0] = "Authorization";
        all[1] = "Bearer " + token;
        System.arraycopy(more, 0, all, 2, more.length);
        return all;
    }

    private Http.Reply call(String method, String template, String path, String body, String... headers) {
        Http.Reply reply = switch (method) {
            case "GET" -> Http.get(api.url(path), headers);
            case "DELETE" -> Http.delete(api.url(path), headers);
            case "POST" -> Http.post(api.url(path), body, headers);
            default -> throw new IllegalArgumentException(method);
        };
        schemas.check(method, template, reply);
        return reply;
    }

    private Http.Reply get(String template, String path) {
        return call("GET", template, path, null, auth());
    }

    private Http.Reply post(String template, String path, String body) {
        return call("POST", template, path, body, auth("Content-Type", "application/json"));
    }

    @Test
    void everyDocumentedOperationAnswersAsDocumented() throws Exception {
        velos.ok("start", script("web.sh", "i=0; while true; do i=$((i+1)); echo \"GET /users/$i 200\"; "
                + "[ $((i % 3)) -eq 0 ] && echo \"ERROR: db timeout $i\" >&2; sleep 0.2; done").toString(), "--name", "web");
        String sleeper = script("sleeper.sh", "exec sleep 300").toString();
        velos.ok("start", sleeper, "--name", "pool", "-i", "2");
        api = ServerProcess.start(velos, Map.of(), "api", "-p", "0");
        token = Files.readString(velos.home.resolve("api.token")).strip();

        Http.Reply document = Http.get(api.url("/openapi.json"));
        assertThat(document.status()).as("the document needs no token").isEqualTo(200);
        schemas = new OpenApiSchemas(document.json());
        assertThat(schemas.doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(schemas.rejects("ProcessSummary", "{\"id\":1}")).as("the validator is not blind").isTrue();
        await().untilAsserted(() -> assertThat(Http.get(api.url("/api/v1/logs/web?level=error"), auth()).json().size())
                .isGreaterThanOrEqualTo(2));

        int round = 0;
        for (String prefix : List.of("/api/v1", "/api")) {
            round++;
            String app = "extra" + round;
            get(prefix + "/health", prefix + "/health");
            JsonNode list = get(prefix + "/processes", prefix + "/processes").json();
            assertThat(list.findValuesAsText("name")).contains("web", "pool:0", "pool:1");
            String undocumented = ((com.fasterxml.jackson.databind.node.ObjectNode) list.get(0).deepCopy())
                    .put("surprise", 1).toString();
            assertThat(schemas.rejects("ProcessSummary", undocumented)).as("an undocumented field fails").isTrue();
            String one = prefix + "/processes/{name}";
            get(one, prefix + "/processes/web");
            get(one, prefix + "/processes/" + list.get(0).get("id").asInt());
            get(one, prefix + "/processes/ghost");

            String start = "{\"name\":\"" + app + "\",\"script\":\"" + sleeper + "\",\"env\":{\"A\":\"1\"}}";
            assertThat(post(prefix + "/processes", prefix + "/processes", start).status()).isEqualTo(201);
            assertThat(post(prefix + "/processes", prefix + "/processes", start).status()).isEqualTo(409);
            assertThat(post(prefix + "/processes", prefix + "/processes", "{\"name\":\"bad name\",\"retries\":1}").status())
                    .isEqualTo(422);
            assertThat(post(prefix + "/processes", prefix + "/processes", "{oops").status()).isEqualTo(400);
            assertThat(call("POST", prefix + "/processes", prefix + "/processes", start, auth("Content-Type", "text/plain"))
                    .status()).isEqualTo(415);
            assertThat(call("POST", prefix + "/processes", prefix + "/processes", "x".repeat(1_100_000),
                    auth("Content-Type", "application/json")).status()).isEqualTo(413);

            String applyBody = "{\"content\":\"[apps." + app + "x]\\nscript = \\\"" + sleeper
                    + "\\\"\\n\",\"format\":\"toml\",\"dry_run\":true}";
            Http.Reply plan = post(prefix + "/apply", prefix + "/apply", applyBody);
            assertThat(plan.status()).as(plan.body()).isEqualTo(200);
            assertThat(plan.json().get("plan").get(0).get("action").asText()).isEqualTo("new");
            assertThat(post(prefix + "/apply", prefix + "/apply", "{\"content\":\"x\"}").status()).isEqualTo(422);

            for (String verb : List.of("restart", "stop", "start", "reload", "run-now")) {
                Http.Reply r = post(one + "/" + verb, prefix + "/processes/" + app + "/" + verb, "");
                assertThat(r.status()).as(verb + ": " + r.body()).isEqualTo(200);
                post(one + "/" + verb, prefix + "/processes/ghost/" + verb, "");
            }
            assertThat(post(one + "/start", prefix + "/processes/" + app + "/start", "").status())
                    .as("already running").isEqualTo(409);
            assertThat(post(one + "/scale", prefix + "/processes/pool/scale", "{\"instances\":3}").status()).isEqualTo(200);
            assertThat(post(one + "/scale", prefix + "/processes/pool/scale", "{\"instances\":\"many\"}").status())
                    .isEqualTo(422);
            assertThat(post(one + "/scale", prefix + "/processes/pool/scale", "[]").status()).isEqualTo(400);
            post(one + "/scale", prefix + "/processes/ghost/scale", "{\"instances\":2}");
            post(one + "/scale", prefix + "/processes/pool/scale", "{\"instances\":2}");

            String logs = prefix + "/logs/{name}";
            JsonNode lines = get(logs, prefix + "/logs/web?lines=50").json();
            assertThat(lines.size()).isPositive();
            get(logs, prefix + "/logs/web?level=error,fatal");
            get(logs, prefix + "/logs/web?lines=0");
            get(logs, prefix + "/logs/ghost");
            JsonNode summary = get(logs + "/summary", prefix + "/logs/web/summary").json();
            assertThat(summary.get("process_name").asText()).isEqualTo("web");
            assertThat(summary.get("last_error").asText()).startsWith("ERROR: db timeout");
            assertThat(summary.get("health_score").asInt()).isLessThan(100);
            assertThat(summary.get("top_patterns").toString()).contains("GET /users/<N> <N>");
            JsonNode quiet = get(logs + "/summary", prefix + "/logs/" + app + "/summary?level=error").json();
            assertThat(quiet.get("last_error").isNull()).as("null when there was none").isTrue();
            get(logs + "/summary", prefix + "/logs/web/summary?grep=users&lines=20");
            get(logs + "/summary", prefix + "/logs/web/summary?level=loud");
            get(logs + "/summary", prefix + "/logs/ghost/summary");
            Http.Reply badGrep = get(logs + "/summary", prefix + "/logs/web/summary?grep=%28");
            assertThat(badGrep.status()).as(badGrep.body()).isEqualTo(422);

            assertThat(call("DELETE", one, prefix + "/processes/" + app, null, auth()).status()).isEqualTo(200);
            call("DELETE", one, prefix + "/processes/" + app, null, auth());

            // Refusals that come before any route: no token, a rebinding Host.
            Http.Reply refused = call("GET", prefix + "/processes", prefix + "/processes", null);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(call("GET", one, prefix + "/processes/web", null, auth("Origin", "http://evil.example")).status())
                    .isEqualTo(403);
        }

        assertThat(call("GET", "/metrics", "/metrics", null, auth()).status()).isEqualTo(200);
        assertThat(call("GET", "/ws", "/ws", null, auth()).status()).isEqualTo(426);
        assertThat(call("GET", "/", "/", null).header("Content-Type")).startsWith("text/html");
        assertThat(call("GET", "/assets/{file}", "/assets/app.js", null).header("Content-Type"))
                .startsWith("text/javascript");
        assertThat(call("GET", "/assets/{file}", "/assets/nope.js", null, auth()).status()).isEqualTo(404);
        assertThat(call("GET", "/assets/{file}", "/assets/nope.js", null).status()).isEqualTo(401);
        call("GET", "/openapi.json", "/openapi.json", null);

        checkWebSocketMessages();

        velos.ok("kill");
        await().untilAsserted(() -> assertThat(Http.get(api.url("/api/v1/processes"), auth()).status()).isEqualTo(502));
        get("/api/v1/processes", "/api/v1/processes");
        get("/api/v1/health", "/api/v1/health");

        Set<String> missing = new TreeSet<>(schemas.operations());
        missing.removeAll(schemas.checkedOperations());
        missing.remove("GET /ws"); // its 101 is checked above through the WebSocket itself, its 426 by a plain GET
        assertThat(missing).as("documented operations this test never called").isEmpty();
        api.close();
    }

    /** One frame of each server message type, and each checked against its schema. */
    private void checkWebSocketMessages() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = Http.CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        try {
            String subscribe = "{\"type\":\"subscribe\",\"logs\":[\"web\"]}";
            schemas.checkComponent("WsSubscribe", subscribe);
            schemas.checkComponent("WsSubscribe", "{\"type\":\"unsubscribe\",\"logs\":[\"web\"]}");
            ws.sendText(subscribe, true).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"dance\"}", true).get(10, TimeUnit.SECONDS);
            velos.ok("restart", "pool:0");
            Map<String, String> schemaOf = Map.of("process_update", "WsProcessUpdate", "event", "WsEvent", "log", "WsLog",
                    "error", "WsError");
            Set<String> seen = new TreeSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < schemaOf.size() && System.nanoTime() < deadline) {
                String frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    continue;
                }
                String type = JSON.readTree(frame).path("type").asText();
                assertThat(schemaOf).as("a documented message type: " + frame).containsKey(type);
                schemas.checkComponent(schemaOf.get(type), frame);
                seen.add(type);
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(schemaOf.keySet());
        } finally {
            ws.abort();
        }
    }
}
