// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.Objects;

/**
 * One value inside a received message (a request's args, an answer's result, a stream event),
 * still in its MessagePack bytes: the receiver decodes it with the codec of the type it expects
 * ({@link #as}), field by field and without a tree in between. The bytes belong to a body that
 * passed {@link StructureCheck}, so decoding them is safe whatever a peer sent.
 */
public final class Payload {
    private static final byte[] NIL_BYTES = {(byte) 0xc0};
    /** A nil value (an absent result). */
    public static final Payload NIL = new Payload(NIL_BYTES, 0, 1);
    /** An empty map (absent or nil args). */
    public static final Payload EMPTY_MAP = new Payload(new byte[] {(byte) 0x80}, 0, 1);

    /** A length not known yet: the value starts at the offset and is followed by nothing that matters. */
    static final int TO_END = -1;

    private final byte[] bytes;
    private final int offset;
    private int length;

    Payload(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /** The value decoded as a {@code T}; a {@link ProtocolException} (INVALID_ARGUMENT) names what is wrong. */
    public <T> T as(WireCodec<T> codec) {
        return codec.read(WireReader.trusted(bytes, offset, bytes.length - offset));
    }

    /** The value as plain Java values: Map / List / String / Long / Double / Boolean / byte[] / null. */
    public Object value() {
        return WireReader.trusted(bytes, offset, bytes.length - offset).value();
    }

    public boolean isNil() {
        return bytes[offset] == NIL_BYTES[0];
    }

    byte[] bytes() {
        return bytes;
    }

    int offset() {
        return offset;
    }

    /** The value's exact length, found by walking it the first time it is needed (to copy it). */
    int length() {
        if (length == TO_END) {
            WireReader in = WireReader.trusted(bytes, offset, bytes.length - offset);
            in.skip();
            length = in.position() - offset;
        }
        return length;
    }

    /** The plain value, e.g. {@code {target=web}}: for logs and test messages. */
    @Override
    public String toString() {
        return Objects.toString(value());
    }
}
