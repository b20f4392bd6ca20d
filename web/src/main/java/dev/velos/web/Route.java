// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP route of {@code velos api}: a method, a path template whose {@code {param}} segments
 * match any one segment, and the action that answers it. The routes are data so that the
 * OpenAPI document can be checked against exactly what the server answers.
 */
record Route(String method, String template, Action action) {

    /** Answers one request; the path parameters are already extracted. */
    @FunctionalInterface
    interface Action {
        void answer(Exchange exchange) throws Exception;
    }

    /** One request on its way through a route. */
    record Exchange(Request request, Response response, Callback callback, Map<String, String> params) {
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
        return new Route(method, otherTemplate, action);
    }

    /** The non-empty segments of a path ({@code /a//b/} → [a, b]). */
    static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
