// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.velos.ipc.ApiToken;
import dev.velos.ipc.HttpAccess;
import dev.velos.ipc.TokenStore;

/**
 * DESIGN §4 "Network servers" for {@code velos api} and {@code velos metrics}: which token guards
 * them, which reads are open, and what the user is told about it at start-up (where the token
 * is, never the token itself).
 *
 * <ul>
 * <li>Either server accepts its own token ({@code admin}) and the named tokens of the runtime
 * directory's {@link TokenStore} (each with its scope and apps, issue 23).
 * <li>{@code velos api}: the token on every route that reads apps' data or acts, loopback
 * included; the dashboard's page and files and the OpenAPI document hold no data and are open
 * (the page fetches everything it shows with the token); {@code --metrics-public} opens
 * {@code GET /metrics} (read-only) for scrapers without one.
 * <li>{@code velos metrics}: it serves nothing but {@code /metrics}, so on loopback it is open by
 * default, as Prometheus scrapers usually have no token and DESIGN §4 allows read-only metrics
 * on loopback. It asks for the token when the user chose one, or when it listens on another
 * address without {@code --metrics-public}.
 * </ul>
 *
 * @param access  the rules to enforce
 * @param notices lines for stderr, before the server says it is listening
 * @param token   the token clients must send, when there is one (the dashboard's login link carries it)
 */
record ServerAccess(HttpAccess access, List<String> notices, Optional<ApiToken> token) {
    static final String METRICS = "/metrics";

    static ServerAccess forApi(ServerOptions o, String prefix) {
        HttpAccess.Builder rules = common(o);
        o.corsOrigin().ifPresent(rules::corsOrigin);
        ApiToken token = o.token().orElseGet(() -> ApiToken.ofHome(o.home()));
        rules.token(token).tokens(TokenStore.in(o.home()));
        List<String> notices = new ArrayList<>(plainHttpWarning(o, prefix));
        notices.add(prefix + "Bearer token required on every route" + (o.metricsPublic() ? " but GET /metrics" : "")
                + ": " + token.whereToFind() + " (send Authorization: Bearer <token>)");
        if (o.metricsPublic()) {
            rules.openForReading(METRICS);
        }
        DashboardAssets.openPaths().forEach(rules::openForReading);
        rules.openForReading(OpenApiDocument.PATH);
        return new ServerAccess(rules.build(), notices, Optional.of(token));
    }

    static ServerAccess forMetrics(ServerOptions o, String prefix) {
        HttpAccess.Builder rules = common(o);
        List<String> notices = new ArrayList<>(plainHttpWarning(o, prefix));
        boolean loopback = HttpAccess.isLoopback(o.host());
        Optional<ApiToken> used = Optional.empty();
        if (o.metricsPublic() || loopback && o.token().isEmpty()) {
            rules.everyReadOpen();
            if (!loopback) {
                notices.add(prefix + "GET /metrics is open to anyone who reaches " + o.host() + " (--metrics-public)");
            }
        } else {
            ApiToken token = o.token().orElseGet(() -> ApiToken.ofHome(o.home()));
            rules.token(token).tokens(TokenStore.in(o.home()));
            used = Optional.of(token);
            notices.add(prefix + "Bearer token required (add --metrics-public for scrapers without one): "
                    + token.whereToFind());
        }
        return new ServerAccess(rules.build(), notices, used);
    }

    private static HttpAccess.Builder common(ServerOptions o) {
        HttpAccess.Builder rules = HttpAccess.builder().boundTo(o.host());
        o.allowedHosts().forEach(rules::allowHost);
        return rules;
    }

    private static List<String> plainHttpWarning(ServerOptions o, String prefix) {
        return HttpAccess.isLoopback(o.host()) ? List.of()
                : List.of(prefix + "Warning: " + o.host() + " is reachable from other machines over plain HTTP: the token "
                        + "and every answer cross the network unencrypted; put a TLS reverse proxy in front (docs/SECURITY.md)");
    }
}
