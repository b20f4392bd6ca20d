// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads one MessagePack message with msgpack-core's unpacker. Only bodies that passed
 * {@link StructureCheck} are read (see {@link #checked}), so no announced length can make it
 * allocate more than the body holds, nor nest deeper than {@link StructureCheck#MAX_DEPTH}.
 * Plain values come back as Map (string keys, in order) / List / String / Long / Double / Boolean /
 * byte[] / null; records are read as {@link WireFields}. Every failure is a {@link ProtocolException}.
 */
public final class WireReader {
    /**
     * Strings are decoded straight from the body's array (msgpack-core's fast path); its fallback
     * decoder buffer is never used for array input, so it is kept small instead of 8 Ki chars per reader.
     */
    private static final MessagePack.UnpackerConfig CONFIG = new MessagePack.UnpackerConfig().withStringDecoderBufferSize(256);

    private final MessageUnpacker unpacker;
    private final byte[] bytes;
    private final int offset;
    private byte[] scratch = new byte[64];

    private WireReader(byte[] bytes, int offset, int length) {
        this.unpacker = CONFIG.newUnpacker(bytes, offset, length);
        this.bytes = bytes;
        this.offset = offset;
    }

    /** A reader of {@code body} once it passed the structure check (any file or frame from outside). */
    public static WireReader checked(byte[] body) {
        StructureCheck.check(body);
        return new WireReader(body, 0, body.length);
    }

    /** A reader of a value inside a body that was already checked. */
    static WireReader trusted(byte[] bytes, int offset, int length) {
        return new WireReader(bytes, offset, length);
    }

    /** The next value decoded by {@code codec}. */
    public <T> T read(WireCodec<T> codec) {
        return codec.read(this);
    }

    /** The fields of a map (nil reads as no fields); anything else is a protocol error naming {@code label}. */
    public WireFields fields(String label) {
        try {
            MessageFormat format = unpacker.getNextFormat();
            if (format == MessageFormat.NIL) {
                unpacker.unpackNil();
                return WireFields.EMPTY.labelled(label);
            }
            if (format.getValueType() != ValueType.MAP) {
                throw new ProtocolException("invalid " + label + ": expected a map, got " + describe(format));
            }
            int size = unpacker.unpackMapHeader();
            // Keys stay in the body (start and length of their UTF-8 bytes): compared, never made Strings.
            int[] keys = new int[2 * size];
            Object[] values = new Object[size];
            for (int i = 0; i < size; i++) {
                int length = rawStringHeader();
                keys[2 * i] = position();
                keys[2 * i + 1] = length;
                unpacker.readPayload(scratch(length), 0, length); // only to move past it
                values[i] = read();
            }
            return new WireFields(label, bytes, keys, values, size);
        } catch (IOException | MessagePackException e) {
            throw undecodable(e);
        }
    }

    /** An array of records or values, each through {@code codec} (nil reads as empty). */
    public <T> List<T> list(String label, WireCodec<T> codec) {
        int size;
        try {
            MessageFormat format = unpacker.getNextFormat();
            if (format == MessageFormat.NIL) {
                unpacker.unpackNil();
                return List.of();
            }
            if (format.getValueType() != ValueType.ARRAY) {
                throw new ProtocolException("invalid " + label + ": expected an array, got " + describe(format));
            }
            size = unpacker.unpackArrayHeader();
        } catch (IOException | MessagePackException e) {
            throw undecodable(e);
        }
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(codec.read(this));
        }
        return List.copyOf(out);
    }

    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        return scratch;
    }

    /** The next value as a plain Java value. */
    public Object value() {
        try {
            return read();
        } catch (IOException | MessagePackException e) {
            throw undecodable(e);
        }
    }

    /** Whether the next value is nil (not consumed). */
    boolean nextIsNil() {
        try {
            return unpacker.getNextFormat() == MessageFormat.NIL;
        } catch (IOException | MessagePackException e) {
            throw undecodable(e);
        }
    }

    /** Where the next value starts in the underlying bytes. */
    int position() {
        return offset + (int) unpacker.getTotalReadBytes();
    }

    void skip() {
        try {
            unpacker.skipValue();
        } catch (IOException | MessagePackException e) {
            throw undecodable(e);
        }
    }

    /** The number of entries of the map that comes next; a protocol error if it is not one. */
    int mapHeader(String what) {
        try {
            MessageFormat format = unpacker.getNextFormat();
            if (format.getValueType() != ValueType.MAP) {
                throw new ProtocolException(what + " must be a MessagePack map, got " + describe(format));
            }
            return unpacker.unpackMapHeader();
        } catch (IOException | MessagePackException e) {
            throw undecodable(e);
        }
    }

    /** The header of the string that comes next; a protocol error naming what came instead. */
    private int rawStringHeader() throws IOException {
        int at = position();
        try {
            return unpacker.unpackRawStringHeader();
        } catch (org.msgpack.core.MessageTypeException e) {
            throw new ProtocolException("map keys must be strings, got " + describe(MessageFormat.valueOf(bytes[at])));
        }
    }

    String key() throws IOException {
        MessageFormat format = unpacker.getNextFormat();
        if (format.getValueType() != ValueType.STRING) {
            throw new ProtocolException("map keys must be strings, got " + describe(format));
        }
        return unpacker.unpackString();
    }

    private Object read() throws IOException {
        MessageFormat format = unpacker.getNextFormat();
        return switch (format.getValueType()) {
            case NIL -> {
                unpacker.unpackNil();
                yield null;
            }
            case BOOLEAN -> unpacker.unpackBoolean();
            case INTEGER -> integer(format);
            case FLOAT -> unpacker.unpackDouble();
            case STRING -> unpacker.unpackString();
            case BINARY -> unpacker.readPayload(unpacker.unpackBinaryHeader());
            case ARRAY -> {
                int size = unpacker.unpackArrayHeader();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(read());
                }
                yield list;
            }
            case MAP -> {
                int size = unpacker.unpackMapHeader();
                Map<String, Object> map = LinkedHashMap.newLinkedHashMap(size);
                for (int i = 0; i < size; i++) {
                    String key = key();
                    map.put(key, read());
                }
                yield map;
            }
            case EXTENSION -> throw new ProtocolException("MessagePack extension types are not part of the velos protocol");
        };
    }

    private Long integer(MessageFormat format) throws IOException {
        if (format == MessageFormat.UINT64) {
            BigInteger big = unpacker.unpackBigInteger();
            if (big.bitLength() > 63) {
                throw new ProtocolException("integer " + big + " is out of range (at most " + Long.MAX_VALUE + ")");
            }
            return big.longValue();
        }
        return unpacker.unpackLong();
    }

    static String describe(MessageFormat format) {
        return switch (format.getValueType()) {
            case NIL -> "nil";
            case BOOLEAN -> "a boolean";
            case INTEGER -> "an integer";
            case FLOAT -> "a float";
            case STRING -> "a string";
            case BINARY -> "binary data";
            case ARRAY -> "an array";
            case MAP -> "a map";
            case EXTENSION -> "an extension value";
        };
    }

    private static ProtocolException undecodable(Exception e) {
        if (e instanceof ProtocolException p) {
            return p;
        }
        return new ProtocolException("undecodable MessagePack body: " + e.getMessage(), e);
    }
}
