// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import dev.velos.model.ErrorCode;

/**
 * Writes one MessagePack message with msgpack-core's packer, field by field: no object mapper, no
 * reflection, no intermediate tree. A record is a map whose entries are counted as they are
 * written ({@link #beginRecord}/{@link #endRecord}), so a codec lists each field once and adding
 * a field is one line: the map's header is written as a {@code map16} and its count filled in when
 * the bytes are taken. {@code map16} for a small map is valid MessagePack (not the shortest form;
 * every reader accepts it), and costs two bytes per record.
 */
public final class WireWriter {
    private static final MessagePack.PackerConfig CONFIG = new MessagePack.PackerConfig().withBufferSize(4096);
    private static final byte[] MAP16_PLACEHOLDER = {(byte) 0xde, 0, 0};

    private final MessageBufferPacker packer = CONFIG.newBufferPacker();
    /** Per open record: where its header starts, and how many fields it has so far. */
    private long[] open = new long[16];
    private int[] counts = new int[16];
    private int depth;
    /** Closed records: header position and final count, applied by {@link #toBytes}. */
    private long[] patches = new long[32];
    private int patchCount;

    /** The bytes written so far; the writer must not be used afterwards. */
    public byte[] toBytes() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " record(s) still open");
        }
        byte[] bytes = packer.toByteArray();
        for (int i = 0; i < patchCount; i += 2) {
            int at = (int) patches[i];
            int count = (int) patches[i + 1];
            bytes[at + 1] = (byte) (count >>> 8);
            bytes[at + 2] = (byte) count;
        }
        return bytes;
    }

    /** Starts a map whose entries are the fields written until {@link #endRecord}. */
    public WireWriter beginRecord() {
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
            counts = Arrays.copyOf(counts, depth * 2);
        }
        open[depth] = packer.getTotalWrittenBytes();
        counts[depth++] = 0;
        raw(MAP16_PLACEHOLDER);
        return this;
    }

    /** A record as the value of field {@code key}. */
    public WireWriter beginRecord(String key) {
        key(key);
        return beginRecord();
    }

    public WireWriter endRecord() {
        depth--;
        if (counts[depth] > 0xffff) {
            throw new IllegalStateException("a record of " + counts[depth] + " fields");
        }
        if (patchCount == patches.length) {
            patches = Arrays.copyOf(patches, patchCount * 2);
        }
        patches[patchCount++] = open[depth];
        patches[patchCount++] = counts[depth];
        return this;
    }

    public WireWriter str(String key, String value) {
        key(key);
        return string(value);
    }

    public WireWriter i64(String key, long value) {
        key(key);
        return integer(value);
    }

    /** A nullable number: nil when {@code value} is null (the daemon's default applies). */
    public WireWriter i64(String key, Long value) {
        key(key);
        return value == null ? nil() : integer(value);
    }

    public WireWriter i32(String key, Integer value) {
        key(key);
        return value == null ? nil() : integer(value);
    }

    public WireWriter f64(String key, double value) {
        key(key);
        try {
            packer.packDouble(value);
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    public WireWriter bool(String key, boolean value) {
        key(key);
        return bool(value);
    }

    public WireWriter bool(String key, Boolean value) {
        key(key);
        return value == null ? nil() : bool(value.booleanValue());
    }

    /**
     * {@code value} under {@code key}, or no field at all when it is null: for a field added after
     * a message's first version, so a message without it encodes as it always did.
     */
    public WireWriter optional(String key, Object value) {
        return value == null ? this : value(key, value);
    }

    /** Any plain value (see {@link #value(Object)}) under {@code key}. */
    public WireWriter value(String key, Object value) {
        key(key);
        return value(value);
    }

    /** A record or list of records under {@code key}, through its codec; nil when null. */
    public <T> WireWriter with(String key, T value, WireCodec<T> codec) {
        key(key);
        if (value == null) {
            return nil();
        }
        codec.write(this, value);
        return this;
    }

    /**
     * A plain value: null, String, Boolean, any Number, byte[], a Map (keys as strings), a
     * Collection or array, a {@link Payload} (copied as it came), or a wire record with a codec in
     * {@link WireCodecs}. Anything else is a bug in the caller: IllegalArgumentException.
     */
    public WireWriter value(Object value) {
        // An instanceof chain in the order of the cases a pattern switch would take: that switch's
        // class is spun at run time by the first command that writes a frame (issue 15: CLI start-up).
        if (value == null) {
            nil();
        } else if (value instanceof String s) {
            string(s);
        } else if (value instanceof Boolean b) {
            bool(b.booleanValue());
        } else if (value instanceof Integer n) {
            integer(n);
        } else if (value instanceof Long n) {
            integer(n);
        } else if (value instanceof Short n) {
            integer(n);
        } else if (value instanceof Byte n) {
            integer(n);
        } else if (value instanceof BigInteger n) {
            bigInteger(n);
        } else if (value instanceof BigDecimal n) {
            f64(n.doubleValue());
        } else if (value instanceof Number n) {
            f64(n.doubleValue());
        } else if (value instanceof byte[] b) {
            binary(b);
        } else if (value instanceof Map<?, ?> m) {
            map(m);
        } else if (value instanceof Collection<?> c) {
            array(c);
        } else if (value instanceof Object[] a) {
            array(Arrays.asList(a));
        } else if (value instanceof Payload p) {
            raw(p.bytes(), p.offset(), p.length());
        } else if (value instanceof Record r) {
            if (!WireCodecs.write(this, r)) {
                throw new IllegalArgumentException("no wire codec for " + r.getClass().getName());
            }
        } else {
            throw new IllegalArgumentException("no wire encoding for " + value.getClass().getName());
        }
        return this;
    }

    /** An array of {@code values}, each through {@code codec}. */
    <T> WireWriter list(List<T> values, WireCodec<T> codec) {
        arrayHeader(values.size());
        for (T v : values) {
            if (v == null) {
                nil();
            } else {
                codec.write(this, v);
            }
        }
        return this;
    }

    private void key(String key) {
        if (depth == 0) {
            throw new IllegalStateException("field '" + key + "' outside a record");
        }
        counts[depth - 1]++;
        raw(WireKeys.packed(key));
    }

    private WireWriter map(Map<?, ?> map) {
        try {
            packer.packMapHeader(map.size());
        } catch (IOException e) {
            throw failed(e);
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            string(String.valueOf(e.getKey()));
            value(e.getValue());
        }
        return this;
    }

    private WireWriter array(Collection<?> values) {
        arrayHeader(values.size());
        for (Object v : values) {
            value(v);
        }
        return this;
    }

    private void arrayHeader(int size) {
        try {
            packer.packArrayHeader(size);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private WireWriter string(String value) {
        try {
            if (value == null) {
                packer.packNil();
            } else {
                packer.packString(value);
            }
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    private WireWriter integer(long value) {
        try {
            packer.packLong(value);
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    private WireWriter bigInteger(BigInteger value) {
        try {
            packer.packBigInteger(value);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("integer " + value + " does not fit in MessagePack", e);
        }
        return this;
    }

    private WireWriter f64(double value) {
        try {
            packer.packDouble(value);
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    private WireWriter bool(boolean value) {
        try {
            packer.packBoolean(value);
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    private WireWriter nil() {
        try {
            packer.packNil();
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    private WireWriter binary(byte[] value) {
        try {
            packer.packBinaryHeader(value.length);
            packer.writePayload(value);
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    private WireWriter raw(byte[] bytes) {
        return raw(bytes, 0, bytes.length);
    }

    private WireWriter raw(byte[] bytes, int offset, int length) {
        try {
            packer.writePayload(bytes, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    /** The packer writes to memory, so this is a bug or an out-of-memory, never bad input. */
    private static IpcException failed(IOException e) {
        return new IpcException(ErrorCode.INTERNAL, "cannot encode a message: " + e.getMessage(), e);
    }
}
