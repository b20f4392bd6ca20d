// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /api/processes/{name}/scale}: {@code {"instances": N}} or {@code "+N"}, {@code "-N"}, {@code "max"}. */
final class ScaleRequest {
    private ScaleRequest() {
    }

    static String parse(String json) {
        JsonNode body = HttpJson.readObject(json, "{\"instances\": 4}");
        JsonNode n = body.get("instances");
        if (n == null || n.isNull()) {
            throw invalid("required");
        }
        if (n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 0 && n.asInt() <= 1024) {
            return Integer.toString(n.asInt());
        }
        if (n.isTextual() && n.asText().matches("max|[+-]?[0-9]{1,4}")) {
            return n.asText();
        }
        throw invalid("must be an integer 0-1024, \"+N\", \"-N\" or \"max\"");
    }

    private static ApiError invalid(String message) {
        return new ApiError(422, "invalid body: instances: " + message,
                List.of(new ApiError.FieldProblem("instances", message)));
    }
}
