// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velos api}: every REST route with its errors, auth, CORS and bind rules, against a real
 * daemon (REFERENCE §11.3). Requests carry the token of the runtime directory's token file, as
 * every client must (HttpSecurityEndToEndTest covers what happens without it).
 */
class WebEndToEndTest extends EndToEndTest {
    /** The bearer token of the runtime directory, which the first {@code velos api} made. */
    private String[] auth() {
        try {
            return new String[] {"Authorization", "Bearer " + java.nio.file.Files.readString(velos.home.resolve("api.token")).strip()};
        } catch (java.io.IOException e) {
            throw new AssertionError("no token file", e);
        }
    }

    private Http.Reply get(ServerProcess api, String path) {
        return Http.get(api.url(path), auth());
    }

    /** A POST as a client of the API sends it: JSON, with the token. */
    private Http.Reply post(ServerProcess api, String path, String body) {
        return Http.post(api.url(path), body, with(auth(), "Content-Type", "application/json"));
    }

    private Http.Reply delete(ServerProcess api, String path) {
        return Http.delete(api.url(path), auth());
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private ServerProcess api(String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "api";
        args[1] = "-p";
        args[2] = "0";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return ServerProcess.start(velos, Map.of(), args);
    }

    @Test
    void listsShowsAndReadsLogsOfProcesses() throws Exception {
        velos.ok("start", script("web.sh", "echo 'server started'; echo 'ERROR: db down' >&2; exec sleep 300").toString(),
                "--name", "web", "--env-var", "SECRET_TOKEN=hunter2");
        try (ServerProcess api = api()) {
            assertThat(api.output("[velos-api] Listening on http://127.0.0.1:")).contains("[velos-api] Listening on http://127.0.0.1:");
            Http.Reply list = get(api, "/api/processes");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            JsonNode web = list.json().get(0);
            assertThat(web.get("name").asText()).isEqualTo("web");
            assertThat(web.get("status").asInt()).isEqualTo(1);
            assertThat(web.get("status_str").asText()).isEqualTo("running");
            assertThat(web.has("memory_bytes") && web.has("uptime_ms") && web.has("restart_count") && web.has("cpu_percent")
                    && web.get("pid").asInt() > 0).isTrue();

            JsonNode byName = get(api, "/api/processes/web").json();
            JsonNode byId = get(api, "/api/processes/" + web.get("id").asInt()).json();
            assertThat(byName.get("script").asText()).endsWith("web.sh");
            assertThat(byId.get("name").asText()).isEqualTo("web");
            assertThat(byName.get("status_str").asText()).isEqualTo("running");
            assertThat(byName.toString()).as("env values are secrets").doesNotContain("hunter2");

            await().untilAsserted(() -> assertThat(get(api, "/api/logs/web?lines=10").json()).hasSize(2));
            JsonNode lines = get(api, "/api/logs/web?lines=10").json();
            assertThat(lines.findValuesAsText("message")).containsExactlyInAnyOrder("server started", "ERROR: db down");
            JsonNode errors = get(api, "/api/logs/web?level=error").json();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).get("level").asInt()).isEqualTo(3);
            assertThat(errors.get(0).get("level_str").asText()).isEqualTo("error");
            assertThat(errors.get(0).get("stream").asText()).isEqualTo("err");
            assertThat(errors.get(0).get("timestamp_ms").asLong()).isPositive();
            assertThat(get(api, "/api/logs/web?level=debug").json()).isEmpty();

            JsonNode health = get(api, "/api/health").json();
            assertThat(health.get("process_count").asInt()).isEqualTo(1);
            assertThat(health.get("overall_score").asInt()).isEqualTo(95); // one error line: 100 - 5
            assertThat(health.get("processes").get(0).get("status").asText()).isEqualTo("running");

            Http.Reply metrics = get(api, "/metrics");
            assertThat(metrics.header("Content-Type")).startsWith("text/plain; version=0.0.4");
            assertThat(metrics.body()).contains("velos_process_status{id=\"1\",instance=\"1\",name=\"web\"} 1.0");
        }
    }

    @Test
    void startsControlsAndDeletesProcesses() throws Exception {
        String script = script("svc.sh", "exec sleep 300").toString();
        velos.ok("list"); // starts the daemon; the API never starts one
        try (ServerProcess api = api()) {
            Http.Reply created = post(api, "/api/processes",
                    "{\"name\":\"svc\",\"script\":\"" + script + "\",\"kill_timeout_ms\":2000,\"max_restarts\":3}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("name").asText()).isEqualTo("svc");
            assertThat(created.json().get("id").asInt()).isPositive();
            assertThat(info("svc").get("kill_timeout_ms").asLong()).isEqualTo(2000);

            Http.Reply again = post(api, "/api/processes", "{\"name\":\"svc\",\"script\":\"" + script + "\"}");
            assertThat(again.status()).isEqualTo(409);

            assertThat(post(api, "/api/processes/svc/stop", "").json().get("status").asText()).isEqualTo("stopped");
            assertThat(info("svc").get("status_str").asText()).isEqualTo("stopped");
            assertThat(post(api, "/api/processes/svc/restart", "").json().get("status").asText())
                    .isEqualTo("restarted");
            assertThat(info("svc").get("status_str").asText()).isEqualTo("running");
            long pid = info("svc").get("pid").asLong();
            assertThat(post(api, "/api/processes/svc/reload", "").json().get("status").asText())
                    .isEqualTo("reloaded");
            assertThat(info("svc").get("pid").asLong()).isNotEqualTo(pid);

            Http.Reply cluster = post(api, "/api/processes",
                    "{\"name\":\"pool\",\"script\":\"" + script + "\",\"instances\":2}");
            assertThat(cluster.status()).isEqualTo(201);
            Http.Reply scaled = post(api, "/api/processes/pool/scale", "{\"instances\":3}");
            assertThat(scaled.status()).as(scaled.body()).isEqualTo(200);
            assertThat(scaled.json().get("instances").asInt()).isEqualTo(3);
            assertThat(velos.list()).containsKeys("pool:0", "pool:1", "pool:2");
            assertThat(post(api, "/api/processes/pool/restart", "").status()).isEqualTo(200);

            Http.Reply deleted = delete(api, "/api/processes/svc");
            assertThat(deleted.json().get("status").asText()).isEqualTo("deleted");
            assertThat(velos.list()).doesNotContainKey("svc");
        }
    }

    @Test
    void badRequestsGetPreciseErrors() throws Exception {
        velos.ok("list"); // starts the daemon; the API never starts one
        try (ServerProcess api = api()) {
            assertError(get(api, "/api/processes/ghost"), 404, "process not found: ghost");
            assertError(delete(api, "/api/processes/ghost"), 404, "process not found: ghost");
            assertError(post(api, "/api/processes/ghost/restart", ""), 404, "process not found: ghost");
            assertError(get(api, "/api/logs/ghost"), 404, "process not found: ghost");
            assertError(get(api, "/nope"), 404, "no such route: GET /nope");
            String[] put = with(auth(), "Content-Type", "application/json");
            assertError(Http.method("PUT", api.url("/api/processes"), put), 405, "method PUT not allowed");
            assertThat(Http.method("PUT", api.url("/api/processes"), put).header("Allow")).isEqualTo("GET, POST");

            assertError(Http.post(api.url("/api/processes"), "{}", auth()), 415, "Content-Type: application/json");
            assertError(post(api, "/api/processes", "{not json"), 400, "malformed JSON body");
            assertError(post(api, "/api/processes", "[1,2]"), 400, "must be a JSON object");
            Http.Reply invalid = post(api, "/api/processes",
                    "{\"name\":\"bad name!\",\"autorestart\":\"yes\",\"instances\":0,\"kill_timeout_ms\":1.5,\"colour\":1}");
            assertThat(invalid.status()).isEqualTo(422);
            JsonNode fields = invalid.json().get("fields");
            assertThat(fields.findValuesAsText("field"))
                    .containsExactlyInAnyOrder("name", "script", "autorestart", "instances", "kill_timeout_ms", "colour");
            assertThat(invalid.json().get("error").asText()).contains("script: required");
            assertError(post(api, "/api/processes", "{\"name\":\"x\",\"script\":\"/no/such/program\"}"), 422,
                    "/no/such/program");

            velos.ok("start", script("one.sh", "exec sleep 300").toString(), "--name", "one");
            assertError(post(api, "/api/processes/one/scale", "{\"instances\":\"lots\"}"), 422, "instances");
            assertError(post(api, "/api/processes/one/scale", "{\"instances\":2}"), 422, "runs as a single process");
            assertError(post(api, "/api/processes/one/fly", ""), 404, "no such action: fly");
            assertError(get(api, "/api/logs/one?lines=-1"), 400, "lines must be an integer");
            assertError(get(api, "/api/logs/one?level=loud"), 400, "unknown level 'loud'");

            velos.ok("kill");
            // The list may come from the state cache for up to half a second after the daemon went away.
            await().untilAsserted(() -> assertThat(get(api, "/api/processes").status()).isEqualTo(502));
            Http.Reply down = get(api, "/api/processes");
            assertError(down, 502, "daemon unavailable");
            assertThat(down.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aChosenTokenGuardsEveryRouteAndAPublicBindStillNeedsOne() {
        String secret = "s3cret-token-0123456789";
        try (ServerProcess api = api("--token", secret)) {
            assertError(Http.get(api.url("/api/processes")), 401, "unauthorized: invalid or missing api token");
            assertError(Http.get(api.url("/metrics"), "Authorization", "Bearer wrong"), 401, "unauthorized");
            assertError(Http.get(api.url("/api/processes?token=" + secret)), 401, "unauthorized");
            assertThat(Http.get(api.url("/api/processes"), "Authorization", "Bearer " + secret).status()).isEqualTo(502);
            assertThat(Http.get(api.url("/metrics"), "Authorization", "Bearer " + secret).status()).isEqualTo(200);
        }
        // Every interface: no longer refused (there always is a token now), but warned about, and
        // the generated token is required as on loopback.
        try (ServerProcess api = api("--host", "0.0.0.0")) {
            assertThat(api.output("Warning: 0.0.0.0 is reachable from other machines over plain HTTP")).contains("Warning: 0.0.0.0 is reachable from other machines over plain HTTP");
            assertError(Http.get(api.url("/api/processes")), 401, "unauthorized");
            assertThat(get(api, "/api/processes").status()).isEqualTo(502);
        }
        try (ServerProcess metrics = ServerProcess.start(velos, Map.of(), "metrics", "-p", "0", "--host", "0.0.0.0")) {
            assertError(Http.get(metrics.url("/metrics")), 401, "unauthorized");
            assertThat(get(metrics, "/metrics").status()).isEqualTo(200);
        }
        try (ServerProcess metrics = ServerProcess.start(velos, Map.of(), "metrics", "-p", "0", "--host", "0.0.0.0",
                "--metrics-public")) {
            assertThat(Http.get(metrics.url("/metrics")).status()).isEqualTo(200);
        }
    }

    @Test
    void corsHeadersOnlyForTheConfiguredOrigin() {
        try (ServerProcess api = api("--cors-origin", "https://dash.example")) {
            Http.Reply allowed = Http.get(api.url("/api/health"), with(auth(), "Origin", "https://dash.example"));
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://dash.example");
            Http.Reply other = Http.get(api.url("/api/health"), with(auth(), "Origin", "https://evil.example"));
            assertThat(other.header("Access-Control-Allow-Origin")).isEmpty();
            assertThat(other.status()).as("a foreign page gets nothing at all").isEqualTo(403);
            Http.Reply preflight = Http.method("OPTIONS", api.url("/api/processes"), "Origin", "https://dash.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(preflight.status()).as("browsers send no credentials on a preflight").isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        }
        try (ServerProcess api = api()) {
            assertThat(Http.get(api.url("/api/health"), with(auth(), "Origin", "https://dash.example"))
                    .header("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    private static void assertError(Http.Reply reply, int status, String text) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().get("error").asText()).contains(text);
    }
}
