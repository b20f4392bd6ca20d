// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of every route, the WebSocket's messages
 * included ({@code x-websocket} on {@code GET /ws}, their schemas under {@code components}). The
 * versioned routes are written by hand in {@code openapi.json} beside this class; each one's
 * unversioned alias is added here by the rule the server answers them by ({@link ApiVersion}),
 * as its own path item with its own operation ids. It holds no data, so it is served without the
 * token, like the dashboard's files.
 */
final class OpenApiDocument {
    static final String PATH = "/openapi.json";
    private static final String RESOURCE = "openapi.json";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private final byte[] body;

    private OpenApiDocument(byte[] body) {
        this.body = body;
    }

    static OpenApiDocument load() {
        return new OpenApiDocument(HttpJson.bytes(document()));
    }

    /** The document as served: the written one plus the aliases. */
    static ObjectNode document() {
        ObjectNode doc;
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            doc = (ObjectNode) HttpJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        ObjectNode paths = (ObjectNode) doc.get("paths");
        List<Map.Entry<String, JsonNode>> versioned = new ArrayList<>(paths.properties());
        for (Map.Entry<String, JsonNode> e : versioned) {
            String path = e.getKey();
            ApiVersion.aliasOf(path).ifPresent(alias -> paths.set(alias, alias(path, (ObjectNode) e.getValue())));
        }
        return doc;
    }

    private static ObjectNode alias(String path, ObjectNode item) {
        ObjectNode copy = item.deepCopy();
        for (String method : METHODS) {
            if (copy.get(method) instanceof ObjectNode op) {
                op.put("operationId", op.path("operationId").asText() + "Unversioned");
                op.put("summary", op.path("summary").asText() + " (alias of " + path + ")");
                op.putArray("tags").add("unversioned aliases");
            }
        }
        return copy;
    }

    void send(Response response, Callback callback) {
        HttpJson.send(response, callback, 200, ByteBuffer.wrap(body).asReadOnlyBuffer());
    }
}
