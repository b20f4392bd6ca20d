// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.ApiToken;
import dev.velos.ipc.HttpAccess;

import static org.assertj.core.api.Assertions.assertThat;

/** Which routes of {@code velos api} and {@code velos metrics} need the token, and what the user is told. */
class ServerAccessTest {
    private static final String CHOSEN = "chosen-token-0123456789";
    @TempDir
    Path home;

    private ServerOptions options(String host, Optional<ApiToken> token, boolean metricsPublic) {
        return new ServerOptions(host, 0, token, List.of(), metricsPublic, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(10), home, home.resolve("velos.sock"), home);
    }

    private static Optional<Integer> get(ServerAccess access, String path, String... headers) {
        return access.access().check("GET", path, name -> {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < headers.length; i += 2) {
                if (headers[i].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    values.add(headers[i + 1]);
                }
            }
            if (name.equalsIgnoreCase("Host")) {
                values.add("127.0.0.1");
            }
            return values;
        }).map(HttpAccess.Refusal::status);
    }

    @Test
    void theApiMakesTheTokenFileAndSaysWhereItIsButNotWhatItIs() throws Exception {
        ServerAccess api = ServerAccess.forApi(options("127.0.0.1", Optional.empty(), false), "[velos-api] ");
        String token = Files.readString(home.resolve(ApiToken.FILE_NAME)).strip();
        assertThat(get(api, "/api/processes")).contains(401);
        assertThat(get(api, "/metrics")).contains(401);
        assertThat(get(api, "/api/processes", "Authorization", "Bearer " + token)).isEmpty();
        assertThat(String.join("\n", api.notices())).contains(home.resolve(ApiToken.FILE_NAME).toString())
                .doesNotContain(token);
    }

    @Test
    void theDashboardsFilesAndTheOpenApiDocumentAreOpenButNoDataIs() {
        ServerAccess api = ServerAccess.forApi(options("127.0.0.1", Optional.of(ApiToken.of(CHOSEN, "--token")), false), "");
        for (String open : List.of("/", "/assets/app.js", "/assets/app.css", "/openapi.json")) {
            assertThat(get(api, open)).as(open).isEmpty();
        }
        for (String closed : List.of("/api/v1/processes", "/api/processes", "/api/v1/logs/web/summary", "/ws", "/metrics",
                "/assets/other.js", "/index.html")) {
            assertThat(get(api, closed)).as(closed).contains(401);
        }
        assertThat(api.access().check("POST", "/", name -> name.equalsIgnoreCase("Host") ? List.of("127.0.0.1")
                : List.of()).map(HttpAccess.Refusal::status)).as("open for reading only").contains(401);
        assertThat(api.token()).hasValueSatisfying(t -> assertThat(t.value()).isEqualTo(CHOSEN));
    }

    @Test
    void metricsPublicOpensOnlyMetricsReadsOfTheApi() {
        ServerAccess api = ServerAccess.forApi(options("127.0.0.1", Optional.of(ApiToken.of(CHOSEN, "--token")), true), "");
        assertThat(get(api, "/metrics")).isEmpty();
        assertThat(get(api, "/api/processes")).contains(401);
        assertThat(api.notices()).anyMatch(n -> n.contains("but GET /metrics") && n.contains("--token"));
    }

    @Test
    void velosMetricsIsOpenOnLoopbackUnlessTheUserChoseAToken() {
        ServerAccess open = ServerAccess.forMetrics(options("127.0.0.1", Optional.empty(), false), "");
        assertThat(get(open, "/metrics")).isEmpty();
        assertThat(Files.exists(home.resolve(ApiToken.FILE_NAME))).as("no token file for an open server").isFalse();
        ServerAccess chosen = ServerAccess.forMetrics(options("127.0.0.1", Optional.of(ApiToken.of(CHOSEN, "--token")), false), "");
        assertThat(get(chosen, "/metrics")).contains(401);
        assertThat(get(chosen, "/metrics", "Authorization", "Bearer " + CHOSEN)).isEmpty();
    }

    @Test
    void velosMetricsOnOtherAddressesNeedsTheTokenOrMetricsPublic() {
        ServerAccess guarded = ServerAccess.forMetrics(options("0.0.0.0", Optional.empty(), false), "");
        assertThat(get(guarded, "/metrics")).contains(401);
        assertThat(guarded.notices()).anyMatch(n -> n.contains("plain HTTP")).anyMatch(n -> n.contains("--metrics-public"));
        ServerAccess open = ServerAccess.forMetrics(options("0.0.0.0", Optional.empty(), true), "");
        assertThat(get(open, "/metrics")).isEmpty();
        assertThat(open.notices()).anyMatch(n -> n.contains("open to anyone"));
    }
}
