// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP transport on a real Jetty on 127.0.0.1: the request guard, and a tool error when no daemon runs. */
class HttpMcpServerTest {
    private static final String TOKEN = "0123456789abcdef-token";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    @TempDir
    Path dir;
    private HttpMcpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        DaemonAccess noDaemon = new DaemonAccess(dir.resolve("velos.sock"), Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("no daemon in this test");
        });
        server = HttpMcpServer.start(new HttpOptions("127.0.0.1", 0, Optional.of(TOKEN)), noDaemon, dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theTokenIsRequiredAndComparedExactly() throws Exception {
        assertThat(post(INITIALIZE, null, "localhost").statusCode()).isEqualTo(401);
        assertThat(post(INITIALIZE, TOKEN + "x", "localhost").statusCode()).isEqualTo(401);
        assertThat(post(INITIALIZE, TOKEN.substring(1), "localhost").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = post(INITIALIZE, TOKEN, "localhost");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"name\":\"velos\"");
    }

    @Test
    void foreignOriginsAreRefused() throws Exception {
        assertThat(post(INITIALIZE, TOKEN, "http://attacker.example").statusCode()).isEqualTo(403);
        assertThat(post(INITIALIZE, TOKEN, "http://localhost:3000").statusCode()).isEqualTo(200);
        assertThat(post(INITIALIZE, TOKEN, "null").statusCode()).isEqualTo(403);
    }

    @Test
    void healthAnswersWithoutAToken() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"transport\":\"streamable-http\"");
    }

    @Test
    void hostNamesAreComparedWithoutPortOrCase() {
        assertThat(RequestGuard.hostName("LocalHost:8080")).isEqualTo("localhost");
        assertThat(RequestGuard.hostName("[::1]:9")).isEqualTo("[::1]");
        assertThat(RequestGuard.hostName("evil.example")).isEqualTo("evil.example");
        assertThat(RequestGuard.hostName(null)).isEmpty();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** POST /mcp; {@code origin} "localhost" means none is sent. */
    private HttpResponse<String> post(String body, String token, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base().resolve(HttpMcpServer.ENDPOINT))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (!origin.equals("localhost")) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
