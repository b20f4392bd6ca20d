// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import dev.velos.model.ErrorCode;

/**
 * The MessagePack message bodies: request {@code {id, cmd, args}} (plus {@code origin} when the
 * client records the request in the audit trail itself: {@code rest}, {@code mcp}), response
 * {@code {id, ok:true, result}} or {@code {id, ok:false, error:{code, message}}}, and stream frames
 * {@code {id, event}}. Keys are snake_case. The envelope is decoded here; its {@code args},
 * {@code result} or {@code event} stays a {@link Payload} for the receiver to decode with the codec
 * of the type it expects. Anything undecodable is a {@link ProtocolException}, never another exception.
 */
public final class Messages {
    private static final String NO_MESSAGE = "the daemon reported an error without a message";

    private Messages() {
    }

    /**
     * A decoded request; {@code origin} is "" for a plain client (the CLI), else the channel of a
     * client that audits its own requests (velos api, mcp-server), so the daemon does not record them twice.
     */
    public record Request(long id, String cmd, Payload args, String origin) {
        public Request(long id, String cmd, Payload args) {
            this(id, cmd, args, "");
        }
    }

    /**
     * A decoded response: {@code result} when ok (the event, for a stream frame: {@code event} is
     * true then), else {@code errorCode}/{@code errorMessage}; {@code warning} is what went wrong
     * beside a successful answer (e.g. the state file could not be saved), "" when nothing did.
     */
    public record Response(long id, boolean ok, Payload result, String errorCode, String errorMessage, boolean event,
                           String warning, HandOver handOver) {
        public Response(long id, boolean ok, Payload result, String errorCode, String errorMessage, boolean event,
                        String warning) {
            this(id, ok, result, errorCode, errorMessage, event, warning, HandOver.NONE);
        }

        public Response(long id, boolean ok, Payload result, String errorCode, String errorMessage) {
            this(id, ok, result, errorCode, errorMessage, false, "");
        }
    }

    /** Whether an error answer says the daemon handed over to its successor ({@link HandingOverException}), and how far it got. */
    public enum HandOver { NONE, MAY_HAVE_RUN, NOT_RUN }

    /** {@code args}: a {@link WireTypes} record or plain values (see {@link WireWriter#value(Object)}). */
    public static byte[] request(long id, String cmd, Object args) {
        return request(id, cmd, args, "");
    }

    /** A request from a client that records it in the audit trail itself as {@code origin} ("" for none). */
    public static byte[] request(long id, String cmd, Object args, String origin) {
        WireWriter w = new WireWriter().beginRecord().i64("id", id).str("cmd", cmd).value("args", args);
        if (!origin.isEmpty()) {
            w.str("origin", origin);
        }
        return w.endRecord().toBytes();
    }

    public static byte[] ok(long id, Object result) {
        if (result instanceof Warned w) {
            return new WireWriter().beginRecord().i64("id", id).bool("ok", true).str("warning", w.warning())
                    .value("result", w.result()).endRecord().toBytes();
        }
        return new WireWriter().beginRecord().i64("id", id).bool("ok", true).value("result", result).endRecord().toBytes();
    }

    public static byte[] error(long id, ErrorCode code, String message) {
        return new WireWriter().beginRecord().i64("id", id).bool("ok", false)
                .beginRecord("error").str("code", code.wireName()).str("message", message).endRecord()
                .endRecord().toBytes();
    }

    /** The error answer for {@code e}: its code and message, and for a {@link HandingOverException} its marks. */
    public static byte[] error(long id, dev.velos.model.VelosException e) {
        if (!(e instanceof HandingOverException h)) {
            return error(id, e.code(), e.getMessage());
        }
        return new WireWriter().beginRecord().i64("id", id).bool("ok", false)
                .beginRecord("error").str("code", h.code().wireName()).str("message", h.getMessage())
                .bool("handing_over", true).bool("not_run", h.notRun()).endRecord()
                .endRecord().toBytes();
    }

    public static byte[] event(long id, Object event) {
        return new WireWriter().beginRecord().i64("id", id).value("event", event).endRecord().toBytes();
    }

    public static Request decodeRequest(byte[] body) {
        WireReader in = WireReader.checked(body);
        Long id = null;
        String cmd = null;
        Payload args = Payload.EMPTY_MAP;
        String origin = "";
        int entries = in.mapHeader("a message body");
        try {
            for (int i = 0; i < entries; i++) {
                switch (in.key()) {
                    case "id" -> id = in.value() instanceof Long n ? n : null;
                    case "cmd" -> cmd = in.value() instanceof String s ? s : null;
                    case "origin" -> origin = in.value() instanceof String s ? s : "";
                    case "args" -> args = in.nextIsNil() ? skipNil(in) : slice(body, in, i == entries - 1);
                    default -> in.skip();
                }
            }
        } catch (java.io.IOException | org.msgpack.core.MessagePackException e) {
            throw new ProtocolException("undecodable MessagePack body: " + e.getMessage(), e);
        }
        if (id == null || cmd == null) {
            throw new ProtocolException("a request needs a numeric 'id' and a string 'cmd'");
        }
        return new Request(id, cmd, args, origin);
    }

    public static Response decodeResponse(byte[] body) {
        WireReader in = WireReader.checked(body);
        Long id = null;
        boolean ok = false;
        Payload result = Payload.NIL;
        Payload event = null;
        Object error = null;
        String warning = "";
        int entries = in.mapHeader("a message body");
        try {
            for (int i = 0; i < entries; i++) {
                switch (in.key()) {
                    case "id" -> id = in.value() instanceof Long n ? n : null;
                    case "ok" -> ok = in.value() instanceof Boolean b && b;
                    case "result" -> result = slice(body, in, i == entries - 1);
                    case "event" -> event = slice(body, in, i == entries - 1);
                    case "error" -> error = in.value();
                    case "warning" -> warning = in.value() instanceof String w ? w : "";
                    default -> in.skip();
                }
            }
        } catch (java.io.IOException | org.msgpack.core.MessagePackException e) {
            throw new ProtocolException("undecodable MessagePack body: " + e.getMessage(), e);
        }
        if (id == null) {
            throw new ProtocolException("a response needs a numeric 'id'");
        }
        if (event != null) {
            return new Response(id, true, event, "", "", true, "");
        }
        if (ok) {
            return new Response(id, true, result, "", "", false, warning);
        }
        java.util.Map<?, ?> fields = error instanceof java.util.Map<?, ?> m ? m : java.util.Map.of();
        Object code = fields.get("code");
        Object message = fields.get("message");
        HandOver handOver = !Boolean.TRUE.equals(fields.get("handing_over")) ? HandOver.NONE
                : Boolean.TRUE.equals(fields.get("not_run")) ? HandOver.NOT_RUN : HandOver.MAY_HAVE_RUN;
        return new Response(id, false, Payload.NIL, code instanceof String c ? c : "internal",
                message instanceof String s ? s : NO_MESSAGE, false, "", handOver);
    }

    private static Payload skipNil(WireReader in) {
        in.skip();
        return Payload.EMPTY_MAP;
    }

    /**
     * The next value of {@code in} as a payload over the same bytes (no copy). When it is the
     * envelope's last entry (as it always is from velos) nothing after it needs reading, so it is
     * not walked here: a 100-app list would otherwise be traversed twice.
     */
    private static Payload slice(byte[] body, WireReader in, boolean last) {
        int from = in.position();
        if (last) {
            return new Payload(body, from, Payload.TO_END);
        }
        in.skip();
        return new Payload(body, from, in.position() - from);
    }
}
