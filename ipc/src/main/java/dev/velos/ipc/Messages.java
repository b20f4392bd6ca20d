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
    /** Deepest container nesting accepted in a body (Jackson's own default for JSON). */
    static final int MAX_DEPTH = 1000;

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

    // The envelopes are written straight from these records (no intermediate tree): a list of
    // 100 processes or a followed log line is encoded in one pass. Key order is the record's.
    private record RequestFrame(long id, String cmd, Object args) {
    }

    private record OkFrame(long id, boolean ok, Object result) {
    }

    private record EventFrame(long id, Object event) {
    }

    public static byte[] request(long id, String cmd, Object args) {
        return write(new RequestFrame(id, cmd, args));
    }

    public static byte[] ok(long id, Object result) {
        return write(new OkFrame(id, true, result));
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
        return write(new EventFrame(id, event));
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
        checkStructure(body);
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

    /**
     * Walks the first MessagePack value of {@code body} without allocating anything: every announced
     * length and element count must fit in the bytes that are actually there, and containers may nest
     * at most {@link #MAX_DEPTH} deep. msgpack-core allocates a str/bin/ext payload at its announced
     * size before reading it, so without this a 6-byte body announcing 2 GiB is an OutOfMemoryError;
     * and a frame of nested one-element arrays would build millions of nodes and overflow the stack
     * when written back.
     */
    static void checkStructure(byte[] body) {
        long[] pending = new long[MAX_DEPTH + 1];
        pending[0] = 1;
        int depth = 0;
        int pos = 0;
        while (true) {
            while (pending[depth] == 0) {
                if (depth == 0) {
                    return;
                }
                depth--;
            }
            pending[depth]--;
            if (pos >= body.length) {
                throw new ProtocolException("undecodable MessagePack body: truncated");
            }
            int type = body[pos++] & 0xff;
            long payload = 0;
            long children = 0;
            if (type <= 0x7f || type >= 0xe0 || type == 0xc0 || type == 0xc2 || type == 0xc3) {
                payload = 0; // fixint, nil, false, true
            } else if (type <= 0x8f) {
                children = 2L * (type & 0x0f);
            } else if (type <= 0x9f) {
                children = type & 0x0f;
            } else if (type <= 0xbf) {
                payload = type & 0x1f;
            } else {
                int lengthBytes = switch (type) {
                    case 0xc4, 0xc7, 0xd9 -> 1;
                    case 0xc5, 0xc8, 0xda, 0xdc, 0xde -> 2;
                    case 0xc6, 0xc9, 0xdb, 0xdd, 0xdf -> 4;
                    default -> 0;
                };
                long length = uint(body, pos, lengthBytes);
                pos += lengthBytes;
                payload = switch (type) {
                    case 0xc4, 0xc5, 0xc6, 0xd9, 0xda, 0xdb -> length; // bin, str
                    case 0xc7, 0xc8, 0xc9 -> length + 1; // ext: type byte + data
                    case 0xcc, 0xd0, 0xd4 -> type == 0xd4 ? 2 : 1;
                    case 0xcd, 0xd1, 0xd5 -> type == 0xd5 ? 3 : 2;
                    case 0xca, 0xce, 0xd2, 0xd6 -> type == 0xd6 ? 5 : 4;
                    case 0xcb, 0xcf, 0xd3, 0xd7 -> type == 0xd7 ? 9 : 8;
                    case 0xd8 -> 17;
                    case 0xdc, 0xdd, 0xde, 0xdf -> 0;
                    default -> throw new ProtocolException(String.format("undecodable MessagePack body: invalid type byte 0x%02x", type));
                };
                children = switch (type) {
                    case 0xdc, 0xdd -> length;
                    case 0xde, 0xdf -> 2 * length;
                    default -> 0;
                };
            }
            if (payload > body.length - pos || children > body.length - pos) {
                throw new ProtocolException("undecodable MessagePack body: announces more data than the "
                        + body.length + "-byte body holds");
            }
            pos += (int) payload;
            if (children > 0) {
                if (depth == MAX_DEPTH) {
                    throw new ProtocolException("undecodable MessagePack body: nested deeper than " + MAX_DEPTH);
                }
                pending[++depth] = children;
            }
        }
    }

    private static long uint(byte[] body, int pos, int bytes) {
        if (bytes > body.length - pos) {
            throw new ProtocolException("undecodable MessagePack body: truncated");
        }
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (body[pos + i] & 0xff);
        }
        return value;
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

    private static byte[] write(Object message) {
        try {
            return MSGPACK.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IpcException(ErrorCode.INTERNAL, "cannot encode message: " + e.getMessage(), e);
        }
    }
}
