// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.velos.ipc.Grant;
import dev.velos.ipc.Operation;

/**
 * One HTTP route of {@code velos api}: a method, a path template whose {@code {param}} segments
 * match any one segment, the {@link Operation} it performs (whose scope the caller's token needs:
 * issue 23's one table), and the action that answers it. The routes are data so that the OpenAPI
 * document can be checked against exactly what the server answers, and the scope of each is plain.
 */
record Route(String method, String template, Operation operation, Action action) {

    /** Answers one request; the path parameters are already extracted. */
    @FunctionalInterface
    interface Action {
        void answer(Exchange exchange) throws Exception;
    }

    /** One request on its way through a route, with its caller's grant (already checked against the route's scope). */
    record Exchange(Request request, Response response, Callback callback, Map<String, String> params, Grant grant) {
        String param(String name) {
            String value = params.get(name);
            if (value == null) {
                throw new IllegalStateException("route has no parameter {" + name + "}");
            }
            return value;
        }
    }

    /** The same action under another template (an alias of a versioned route). */
    Route at(String otherTemplate) {
        return new Route(method, otherTemplate, operation, action);
    }

    /** The non-empty segments of a path ({@code /a//b/} → [a, b]). */
    static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
