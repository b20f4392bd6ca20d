// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON answers: one shared mapper, compact output, {@code application/json; charset=utf-8}. */
final class HttpJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses a request body that must be a JSON object; anything else is a 400 naming {@code example}. */
    static JsonNode readObject(String json, String example) {
        JsonNode body;
        try {
            body = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new ApiError(400, "malformed JSON body: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new ApiError(400, "the body must be a JSON object like " + example);
        }
        return body;
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree: " + e.getMessage(), e);
        }
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree: " + e.getMessage(), e);
        }
    }

    static void send(Response response, Callback callback, int status, Object body) {
        send(response, callback, status, ByteBuffer.wrap(bytes(body)));
    }

    static void send(Response response, Callback callback, int status, ByteBuffer body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, body, callback);
    }

    /**
     * Answers {@code request} with {@code e}. An error usually answers before the handler read the
     * body; Jetty then closes the connection once the response is out, and a client that reuses it
     * (java.net.http does, for a POST) sends its next request into a closed socket. Saying
     * {@code Connection: close} whenever there may be a body makes the client open a new one.
     */
    static void error(Request request, Response response, Callback callback, ApiError e) {
        if (request.getLength() != 0) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        if (!e.allow().isEmpty()) {
            response.getHeaders().put(HttpHeader.ALLOW, e.allow());
        }
        ObjectNode body = object().put("error", e.getMessage());
        if (!e.fields().isEmpty()) {
            ArrayNode fields = body.putArray("fields");
            e.fields().forEach(f -> fields.addObject().put("field", f.field()).put("message", f.message()));
        }
        send(response, callback, e.status(), body);
    }
}
