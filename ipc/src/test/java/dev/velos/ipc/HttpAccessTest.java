// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The access rules of every velos HTTP server (DESIGN §4), request by request. */
class HttpAccessTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final ApiToken TOKEN = ApiToken.of(SECRET, "test");
    private final HttpAccess api = HttpAccess.builder().token(TOKEN).boundTo("127.0.0.1").allowHost("velos.example.com")
            .corsOrigin("https://dash.example").build();

    /** A request's headers as name/value pairs (names case-insensitive, as HTTP has them). */
    private static HttpAccess.Headers headers(String... pairs) {
        return name -> {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    values.add(pairs[i + 1]);
                }
            }
            return values;
        };
    }

    private static Optional<Integer> status(HttpAccess access, String method, String path, String... pairs) {
        return access.check(method, path, headers(pairs)).map(HttpAccess.Refusal::status);
    }

    @Test
    void aRebindingHostIsRefusedWhateverElseTheRequestCarries() {
        assertThat(status(api, "POST", "/api/processes", "Host", "rebind.attacker.example", "Authorization", "Bearer " + SECRET,
                "Content-Type", "application/json")).contains(403);
        assertThat(status(api, "GET", "/api/processes", "Host", "rebind.attacker.example:3100")).contains(403);
        assertThat(status(api, "GET", "/api/processes")).as("no Host at all").contains(403);
        assertThat(status(api, "GET", "/api/processes", "Host", "localhost", "Host", "evil.example")).contains(403);
        assertThat(api.check("GET", "/", headers("Host", "evil.example")).orElseThrow().message())
                .contains("'evil.example'").contains("--allowed-host");
    }

    @Test
    void localhostIpLiteralsAndAllowedNamesAreGoodHosts() {
        for (String host : List.of("localhost", "LOCALHOST:3100", "127.0.0.1:3100", "[::1]:3100", "[::1]", "10.1.2.3:3100",
                "203.0.113.7", "[2001:db8::1]:80", "velos.example.com", "Velos.Example.Com:443")) {
            assertThat(status(api, "GET", "/api/processes", "Host", host, "Authorization", "Bearer " + SECRET)).as(host).isEmpty();
        }
        for (String host : List.of("localhost.", "velos.example.com.evil", "127.0.0.1.nip.io", "[::1", "host:port", "::1",
                "", "localhost:99999x")) {
            assertThat(status(api, "GET", "/api/processes", "Host", host, "Authorization", "Bearer " + SECRET)).as(host)
                    .contains(403);
        }
    }

    @Test
    void aBoundHostNameIsAllowedButAWildcardAddsNothing() {
        HttpAccess named = HttpAccess.builder().token(TOKEN).boundTo("myhost.lan").build();
        assertThat(status(named, "GET", "/x", "Host", "myhost.lan:3100", "Authorization", "Bearer " + SECRET)).isEmpty();
        HttpAccess wildcard = HttpAccess.builder().token(TOKEN).boundTo("0.0.0.0").build();
        assertThat(status(wildcard, "GET", "/x", "Host", "myhost.lan:3100", "Authorization", "Bearer " + SECRET)).contains(403);
    }

    @Test
    void aForeignOriginIsRefusedEvenWithTheToken() {
        for (String origin : List.of("http://evil.example", "null", "http://203.0.113.7:3100", "file://", "chrome-extension://x",
                "http://user@localhost", "https://dash.example.evil")) {
            assertThat(status(api, "POST", "/api/processes/a/stop", "Host", "127.0.0.1:3100", "Origin", origin,
                    "Authorization", "Bearer " + SECRET, "Content-Type", "application/json")).as(origin).contains(403);
        }
    }

    @Test
    void ownLoopbackAllowedAndCorsOriginsPass() {
        for (String origin : List.of("http://127.0.0.1:3100", "http://localhost:5173", "http://[::1]:8080",
                "https://velos.example.com", "https://dash.example", "HTTPS://DASH.EXAMPLE")) {
            assertThat(status(api, "POST", "/api/processes/a/stop", "Host", "127.0.0.1:3100", "Origin", origin,
                    "Authorization", "Bearer " + SECRET, "Content-Type", "application/json")).as(origin).isEmpty();
        }
        assertThat(status(api, "GET", "/api/processes", "Host", "10.0.0.5:3100", "Origin", "http://10.0.0.5:3100",
                "Authorization", "Bearer " + SECRET)).as("same origin").isEmpty();
        assertThat(status(api, "GET", "/api/processes", "Host", "10.0.0.5:3100", "Origin", "http://10.0.0.5:3101",
                "Authorization", "Bearer " + SECRET)).as("another port of a non-loopback host").contains(403);
    }

    @Test
    void theTokenIsNeededOnEveryRouteAndComparedExactly() {
        assertThat(status(api, "GET", "/api/processes", "Host", "127.0.0.1")).contains(401);
        assertThat(status(api, "GET", "/metrics", "Host", "127.0.0.1")).as("metrics not opened here").contains(401);
        assertThat(status(api, "GET", "/api/processes", "Host", "127.0.0.1", "Authorization", "Bearer " + SECRET + "x"))
                .contains(401);
        assertThat(status(api, "GET", "/api/processes", "Host", "127.0.0.1", "Authorization", "Basic " + SECRET)).contains(401);
        assertThat(status(api, "GET", "/api/processes", "Host", "127.0.0.1", "Authorization", "bearer  " + SECRET)).isEmpty();
        assertThat(api.check("GET", "/", headers("Host", "127.0.0.1")).orElseThrow().needsChallenge()).isTrue();
    }

    @Test
    void aWebSocketUpgradeMayOfferTheTokenAsASubprotocolButNothingElseMay() {
        assertThat(status(api, "GET", "/ws", "Host", "127.0.0.1", "Upgrade", "websocket", "Sec-WebSocket-Protocol",
                "other, " + SECRET)).isEmpty();
        assertThat(status(api, "GET", "/api/processes", "Host", "127.0.0.1", "Sec-WebSocket-Protocol", SECRET)).contains(401);
        assertThat(status(api, "GET", "/ws", "Host", "127.0.0.1", "Upgrade", "websocket", "Sec-WebSocket-Protocol", "nope"))
                .contains(401);
    }

    @Test
    void openReadsAreReadsOfThoseExactPathsOnly() {
        HttpAccess metricsOpen = HttpAccess.builder().token(TOKEN).openForReading("/metrics").build();
        assertThat(status(metricsOpen, "GET", "/metrics", "Host", "127.0.0.1")).isEmpty();
        assertThat(status(metricsOpen, "HEAD", "/metrics", "Host", "127.0.0.1")).isEmpty();
        assertThat(status(metricsOpen, "POST", "/metrics", "Host", "127.0.0.1", "Content-Type", "application/json"))
                .contains(401);
        assertThat(status(metricsOpen, "GET", "/metrics/", "Host", "127.0.0.1")).contains(401);
        assertThat(status(metricsOpen, "GET", "/metrics", "Host", "evil.example")).as("Host still checked").contains(403);

        HttpAccess noToken = HttpAccess.builder().everyReadOpen().build();
        assertThat(status(noToken, "GET", "/anything", "Host", "127.0.0.1")).isEmpty();
        assertThat(status(noToken, "DELETE", "/anything", "Host", "127.0.0.1", "Authorization", "Bearer x")).contains(401);
    }

    @Test
    void formsAndTextBodiesCannotChangeAnything() {
        for (String type : List.of("application/x-www-form-urlencoded", "text/plain", "text/plain;charset=UTF-8",
                "multipart/form-data; boundary=x", "application/jsonp", "application/json-seq")) {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                assertThat(status(api, method, "/api/processes/pool/scale", "Host", "127.0.0.1", "Authorization",
                        "Bearer " + SECRET, "Content-Type", type, "Content-Length", "16")).as(method + " " + type).contains(415);
            }
        }
        assertThat(status(api, "POST", "/api/processes/a/stop", "Host", "127.0.0.1", "Authorization", "Bearer " + SECRET))
                .as("a POST without a type").contains(415);
        assertThat(status(api, "POST", "/api/processes/a/stop", "Host", "127.0.0.1", "Authorization", "Bearer " + SECRET,
                "Content-Type", "Application/JSON; charset=utf-8")).isEmpty();
        assertThat(status(api, "DELETE", "/api/processes/a", "Host", "127.0.0.1", "Authorization", "Bearer " + SECRET))
                .as("a DELETE without a body").isEmpty();
        assertThat(status(api, "DELETE", "/api/processes/a", "Host", "127.0.0.1", "Authorization", "Bearer " + SECRET,
                "Transfer-Encoding", "chunked")).as("a DELETE with a body of unknown type").contains(415);
    }

    @Test
    void aDeclaredBodyOverOneMebibyteIsRefusedBeforeItIsRead() {
        String[] json = {"Host", "127.0.0.1", "Authorization", "Bearer " + SECRET, "Content-Type", "application/json"};
        assertThat(status(api, "POST", "/api/processes", with(json, "Content-Length", "2097152"))).contains(413);
        assertThat(status(api, "POST", "/api/processes", with(json, "Content-Length", Integer.toString(HttpAccess.MAX_BODY_BYTES))))
                .isEmpty();
        assertThat(status(api, "POST", "/api/processes", with(json, "Content-Length", "lots"))).contains(400);
        assertThat(status(api, "POST", "/api/processes", "Host", "127.0.0.1", "Content-Length", "2097152"))
                .as("no token: 401 first, nothing about the body").contains(401);
    }

    @Test
    void aPreflightFromTheCorsOriginNeedsNoToken() {
        HttpAccess.Headers preflight = headers("Host", "127.0.0.1:3100", "Origin", "https://dash.example",
                "Access-Control-Request-Method", "POST");
        assertThat(api.isPreflight("OPTIONS", preflight)).isTrue();
        assertThat(api.check("OPTIONS", "/api/processes", preflight)).isEmpty();
        HttpAccess.Headers local = headers("Host", "127.0.0.1:3100", "Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "POST");
        assertThat(api.isPreflight("OPTIONS", local)).isFalse();
        assertThat(status(api, "OPTIONS", "/api/processes", "Host", "127.0.0.1:3100", "Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "POST")).contains(401);
        assertThat(api.isCorsOrigin("https://dash.example")).isTrue();
        assertThat(api.isCorsOrigin("http://localhost:3000")).isFalse();
    }

    @Test
    void allowedHostsMustBePlainNames() {
        for (String bad : List.of("http://x.example", "x.example:80", "*.example.com", "a b", "")) {
            assertThatThrownBy(() -> HttpAccess.builder().allowHost(bad)).as(bad).isInstanceOf(VelosException.class)
                    .hasMessageContaining("--allowed-host");
        }
    }

    @Test
    void hostNamesLoseTheirPortAndCase() {
        assertThat(HttpAccess.hostName("LocalHost:8080")).contains("localhost");
        assertThat(HttpAccess.hostName("[::1]:9")).contains("::1");
        assertThat(HttpAccess.hostName("evil.example")).contains("evil.example");
        assertThat(HttpAccess.hostName(":80")).isEmpty();
        assertThat(HttpAccess.ipLiteral("evil.example")).as("never a DNS lookup").isEmpty();
        assertThat(HttpAccess.ipLiteral("127.0.0.1")).isPresent();
    }

    @Test
    void loopbackBindsAreRecognisedAndUnknownHostsAreAnError() {
        for (String host : List.of("127.0.0.1", "localhost", "::1", "127.0.0.2")) {
            assertThat(HttpAccess.isLoopback(host)).as(host).isTrue();
        }
        assertThat(HttpAccess.isLoopback("0.0.0.0")).isFalse();
        assertThatThrownBy(() -> HttpAccess.isLoopback("no-such-host.invalid")).isInstanceOf(VelosException.class)
                .hasMessageContaining("unknown host");
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void theServersOwnTokenIsAdminANamedTokenHasItsScopeAndAnOpenReadIsAnonymous(@org.junit.jupiter.api.io.TempDir
                                                                                    java.nio.file.Path home) {
        TokenStore store = TokenStore.in(home);
        IssuedToken viewer = store.create("viewer", Scope.READ, List.of("api"));
        HttpAccess access = HttpAccess.builder().token(TOKEN).tokens(store).boundTo("127.0.0.1").openForReading("/health")
                .build();
        assertThat(grant(access, "GET", "/x", "Host", "localhost", "Authorization", "Bearer " + SECRET))
                .isEqualTo(new Grant(HttpAccess.OWN_TOKEN_ACTOR, Scope.ADMIN, List.of()));
        assertThat(grant(access, "GET", "/x", "Host", "localhost", "Authorization", "Bearer " + viewer.secret()))
                .isEqualTo(new Grant("token:viewer", Scope.READ, List.of("api")));
        assertThat(grant(access, "GET", "/ws", "Host", "localhost", "Upgrade", "websocket", "Sec-WebSocket-Protocol",
                "velos, " + viewer.secret()).actor()).isEqualTo("token:viewer");
        assertThat(grant(access, "GET", "/health", "Host", "localhost")).isEqualTo(Grant.anonymous());
        assertThat(access.stillValid(new Grant("token:viewer", Scope.READ, List.of()))).isTrue();

        store.revoke("viewer");
        assertThat(status(access, "GET", "/x", "Host", "localhost", "Authorization", "Bearer " + viewer.secret()))
                .as("refused from the next request on").contains(401);
        assertThat(access.stillValid(new Grant("token:viewer", Scope.READ, List.of()))).isFalse();
        assertThat(access.stillValid(new Grant(HttpAccess.OWN_TOKEN_ACTOR, Scope.ADMIN, List.of()))).isTrue();
        assertThat(HttpAccess.builder().token(TOKEN).build().check("GET", "/x",
                headers("Host", "localhost", "Authorization", "Bearer " + viewer.secret())).map(HttpAccess.Refusal::status))
                .as("a server without the store knows only its own token").contains(401);
    }

    private static Grant grant(HttpAccess access, String method, String path, String... pairs) {
        HttpAccess.Verdict v = access.decide(method, path, headers(pairs));
        assertThat(v).isInstanceOf(HttpAccess.Granted.class);
        return ((HttpAccess.Granted) v).grant();
    }
}
