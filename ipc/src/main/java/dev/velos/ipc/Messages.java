// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.msgpack.jackson.dataformat.MessagePackFactory;

import dev.velos.model.ErrorCode;

/**
 * The MessagePack message bodies: request {@code {id, cmd, args}}, response
 * {@code {id, ok:true, result}} or {@code {id, ok:false, error:{code, message}}}, and stream frames
 * {@code {id, event}}. Wire records use snake_case keys. Anything undecodable is a
 * {@link ProtocolException}, never another exception.
 */
public final class Messages {
    /** Maps wire records to and from MessagePack (snake_case, unknown keys ignored for forward compatibility). */
    public static final ObjectMapper MSGPACK = configure(new ObjectMapper(new MessagePackFactory()));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Messages() {
    }

    static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
    }

    /** A decoded request. */
    public record Request(long id, String cmd, JsonNode args) {
    }

    /** A decoded response: {@code result} when ok, else {@code errorCode}/{@code errorMessage}. */
    public record Response(long id, boolean ok, JsonNode result, String errorCode, String errorMessage) {
    }

    public static byte[] request(long id, String cmd, Object args) {
        ObjectNode node = NODES.objectNode();
        node.put("id", id);
        node.put("cmd", cmd);
        node.set("args", toNode(args));
        return write(node);
    }

    public static byte[] ok(long id, Object result) {
        ObjectNode node = NODES.objectNode();
        node.put("id", id);
        node.put("ok", true);
        node.set("result", toNode(result));
        return write(node);
    }

    public static byte[] error(long id, ErrorCode code, String message) {
        ObjectNode node = NODES.objectNode();
        node.put("id", id);
        node.put("ok", false);
        ObjectNode error = node.putObject("error");
        error.put("code", code.wireName());
        error.put("message", message);
        return write(node);
    }

    public static byte[] event(long id, Object event) {
        ObjectNode node = NODES.objectNode();
        node.put("id", id);
        node.set("event", toNode(event));
        return write(node);
    }

    public static Request decodeRequest(byte[] body) {
        JsonNode node = decode(body);
        JsonNode id = node.get("id");
        JsonNode cmd = node.get("cmd");
        if (id == null || !id.canConvertToLong() || cmd == null || !cmd.isTextual()) {
            throw new ProtocolException("a request needs a numeric 'id' and a string 'cmd'");
        }
        JsonNode args = node.get("args");
        return new Request(id.asLong(), cmd.asText(), args == null || args.isNull() ? NODES.objectNode() : args);
    }

    public static Response decodeResponse(byte[] body) {
        JsonNode node = decode(body);
        JsonNode id = node.get("id");
        if (id == null || !id.canConvertToLong()) {
            throw new ProtocolException("a response needs a numeric 'id'");
        }
        if (node.has("event")) {
            return new Response(id.asLong(), true, node.get("event"), "", "");
        }
        boolean ok = node.path("ok").asBoolean(false);
        if (ok) {
            return new Response(id.asLong(), true, node.path("result"), "", "");
        }
        JsonNode error = node.path("error");
        return new Response(id.asLong(), false, NODES.nullNode(), error.path("code").asText("internal"),
                error.path("message").asText("the daemon reported an error without a message"));
    }

    /** Decodes a body into a tree; it must be a map. */
    public static JsonNode decode(byte[] body) {
        JsonNode node;
        try {
            node = MSGPACK.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException("undecodable MessagePack body: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException("a message body must be a MessagePack map");
        }
        return node;
    }

    /** Converts a tree (from a request or response) to a wire record. */
    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MSGPACK.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IpcException(ErrorCode.INVALID_ARGUMENT, "malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static JsonNode toNode(Object value) {
        return value instanceof JsonNode node ? node : MSGPACK.valueToTree(value);
    }

    private static byte[] write(JsonNode node) {
        try {
            return MSGPACK.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IpcException(ErrorCode.INTERNAL, "cannot encode message: " + e.getMessage(), e);
        }
    }
}
