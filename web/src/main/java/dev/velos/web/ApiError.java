// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.List;

/**
 * A request that gets an error answer: {@code status} and {@code {"error": message}}, plus
 * {@code fields} (one entry per bad body field) for validation errors.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final List<FieldProblem> fields;
    private String allow = "";

    /** One bad field of a request body. */
    record FieldProblem(String field, String message) {
    }

    ApiError(int status, String message) {
        this(status, message, List.of());
    }

    ApiError(int status, String message, List<FieldProblem> fields) {
        super(message, null, false, false);
        this.status = status;
        this.fields = List.copyOf(fields);
    }

    int status() {
        return status;
    }

    List<FieldProblem> fields() {
        return fields;
    }

    /** 405, with the methods that would work (sent as the {@code Allow} header). */
    static ApiError methodNotAllowed(String method, String allowed) {
        ApiError e = new ApiError(405, "method " + method + " not allowed here; use " + allowed);
        e.allow = allowed;
        return e;
    }

    String allow() {
        return allow;
    }

    static ApiError notFound(String name) {
        return new ApiError(404, "process not found: " + name);
    }
}
