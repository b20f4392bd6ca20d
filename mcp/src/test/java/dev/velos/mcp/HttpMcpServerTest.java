// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.ApiToken;

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
        server = HttpMcpServer.start(new HttpOptions("127.0.0.1", 0, ApiToken.of(TOKEN, "test"), List.of(), dir), noDaemon, dir);
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
    void aRebindingHostIsRefusedEvenWithTheToken() throws Exception {
        String body = INITIALIZE;
        String request = "POST /mcp HTTP/1.1\r\nHost: rebind.attacker.example:" + server.port() + "\r\nAuthorization: Bearer "
                + TOKEN + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        assertThat(raw(request)).startsWith("HTTP/1.1 403").contains("rebind.attacker.example").contains("--allowed-host");
        assertThat(raw("GET /health HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
    }

    /** Sends one request as written (the JDK client will not set Host) and returns the whole answer. */
    private String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void healthIsOpenToReadsOnly() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(base().resolve("/health")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void textAndFormBodiesAreRefusedBeforeTheTransportSeesThem() throws Exception {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
            HttpRequest r = HttpRequest.newBuilder(base().resolve(HttpMcpServer.ENDPOINT)).header("Content-Type", type)
                    .header("Accept", "application/json, text/event-stream").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build();
            HttpResponse<String> refused = http.send(r, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(type).isEqualTo(415);
            assertThat(refused.body()).contains("Content-Type: application/json");
        }
    }

    @Test
    void aDeclaredBodyOverOneMebibyteGets413WithoutBeingRead() throws Exception {
        HttpRequest big = HttpRequest.newBuilder(base().resolve(HttpMcpServer.ENDPOINT)).expectContinue(true)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20])).build();
        HttpResponse<String> r = http.send(big, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("1048576");
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
