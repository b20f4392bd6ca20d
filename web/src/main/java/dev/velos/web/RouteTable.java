// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routes of one server, looked up by method and path. A path that some route matches with
 * another method is a 405 naming the methods that would work; a path nobody matches is a 404.
 * Every route under {@link ApiVersion#V1} is also answered at its unversioned alias.
 */
final class RouteTable {
    private final List<Route> routes;
    /** Each route's template split once, not per request: {@code {name}} parts match any segment. */
    private final List<List<String>> templates;

    /** A route found for a request, with its path parameters. */
    record Match(Route route, Map<String, String> params) {
    }

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        this.templates = this.routes.stream().map(r -> Route.segments(r.template())).toList();
    }

    /** {@code routes} plus the unversioned alias of each versioned one. */
    static RouteTable withAliases(List<Route> routes) {
        List<Route> all = new ArrayList<>(routes);
        for (Route r : routes) {
            ApiVersion.aliasOf(r.template()).ifPresent(alias -> all.add(r.at(alias)));
        }
        return new RouteTable(all);
    }

    /** Every route this table answers, aliases included: what the OpenAPI document must describe. */
    List<Route> routes() {
        return routes;
    }

    /** The route for this request; throws {@link ApiError} 405 or 404 when there is none. */
    Match find(String method, String path) {
        List<String> segments = Route.segments(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            Optional<Map<String, String>> params = match(templates.get(i), segments);
            if (params.isPresent()) {
                if (r.method().equals(method)) {
                    return new Match(r, params.get());
                }
                allowed.add(r.method());
            }
        }
        if (!allowed.isEmpty()) {
            throw ApiError.methodNotAllowed(method, String.join(", ", allowed));
        }
        throw new ApiError(404, "no such route: " + method + " " + path);
    }

    private static Optional<Map<String, String>> match(List<String> template, List<String> segments) {
        if (template.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String part = template.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                params.put(part.substring(1, part.length() - 1), segments.get(i));
            } else if (!part.equals(segments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(Map.copyOf(params));
    }
}
