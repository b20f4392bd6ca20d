// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one record as they arrived, read by name with the type the record needs. Absent
 * and nil are the same: the getter's default (0, false, "", empty), or null for the nullable
 * ({@code ...OrNull}) getters, or a {@link ProtocolException} for the {@code required...} ones. A
 * value of the wrong type is a {@link ProtocolException} that names the field and the record.
 * Unknown fields are ignored (a newer peer may send more). Lookups start where the last one ended,
 * so a record read in the order it was written costs one comparison per field.
 * The getters test types with instanceof, not pattern switches: each such switch has its class
 * spun at run time by the first command that reads a record (issue 15: CLI start-up), and
 * {@link #describe} only runs for an error.
 */
public final class WireFields {
    static final WireFields EMPTY = new WireFields("record", new byte[0], new int[0], new Object[0], 0);

    private final String label;
    /** The UTF-8 bytes the keys are in: field i's key is {@code bytes[keys[2i] .. keys[2i] + keys[2i+1])}. */
    private final byte[] bytes;
    private final int[] keys;
    private final Object[] values;
    private final int size;
    private int cursor;

    WireFields(String label, byte[] bytes, int[] keys, Object[] values, int size) {
        this.label = label;
        this.bytes = bytes;
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /** The fields of a map decoded as a plain value (a record inside a record). */
    static WireFields of(Map<?, ?> map, String label) {
        java.io.ByteArrayOutputStream names = new java.io.ByteArrayOutputStream();
        int[] keys = new int[2 * map.size()];
        Object[] values = new Object[map.size()];
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            byte[] name = ((String) e.getKey()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            keys[2 * i] = names.size();
            keys[2 * i + 1] = name.length;
            names.writeBytes(name);
            values[i++] = e.getValue();
        }
        return new WireFields(label, names.toByteArray(), keys, values, i);
    }

    WireFields labelled(String newLabel) {
        return new WireFields(newLabel, bytes, keys, values, size);
    }

    /** The raw value of {@code key}, or null when absent. */
    Object get(String key) {
        if (cursor < size && is(cursor, key)) {
            return values[cursor++];
        }
        for (int i = 0; i < size; i++) {
            if (is(i, key)) {
                cursor = i + 1;
                return values[i];
            }
        }
        return null;
    }

    /**
     * Whether field {@code field}'s key is {@code key}, compared char by byte: the codecs' field
     * names are snake_case ASCII (WireCompatibilityTest checks every one), whose UTF-8 bytes are
     * their chars, so no byte[] of the name is needed. A plain loop: keys are a few bytes long.
     */
    private boolean is(int field, String key) {
        int from = keys[2 * field];
        int length = key.length();
        if (keys[2 * field + 1] != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[from + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public String str(String key) {
        return str(key, "");
    }

    public String str(String key, String fallback) {
        String s = strOrNull(key);
        return s == null ? fallback : s;
    }

    public String strOrNull(String key) {
        Object v = get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrong(key, v, "a string");
    }

    public String requiredStr(String key) {
        return required(key, strOrNull(key), "a string");
    }

    public long i64(String key) {
        Long v = i64OrNull(key);
        return v == null ? 0 : v;
    }

    public Long i64OrNull(String key) {
        Object v = get(key);
        if (v == null || v instanceof Long) {
            return (Long) v;
        }
        throw wrong(key, v, "an integer");
    }

    public int i32(String key) {
        Integer v = i32OrNull(key);
        return v == null ? 0 : v;
    }

    public Integer i32OrNull(String key) {
        Long v = i64OrNull(key);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ProtocolException("invalid " + label + ": field '" + key + "' must be a 32-bit integer, got " + v);
        }
        return v.intValue();
    }

    /** A float; an integer is accepted too (a peer may write {@code 0} for {@code 0.0}). */
    public double f64(String key) {
        Object v = get(key);
        if (v == null) {
            return 0;
        } else if (v instanceof Double d) {
            return d;
        } else if (v instanceof Long n) {
            return n;
        }
        throw wrong(key, v, "a number");
    }

    public boolean bool(String key) {
        Boolean v = boolOrNull(key);
        return v != null && v;
    }

    public Boolean boolOrNull(String key) {
        Object v = get(key);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw wrong(key, v, "a boolean");
    }

    public List<String> strings(String key) {
        List<String> v = stringsOrNull(key);
        return v == null ? List.of() : v;
    }

    public List<String> stringsOrNull(String key) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list) || !all(list, String.class)) {
            throw wrong(key, v, "an array of strings");
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return Collections.unmodifiableList(strings);
    }

    public Map<String, String> stringMap(String key) {
        Map<String, String> v = stringMapOrNull(key);
        return v == null ? Map.of() : v;
    }

    public Map<String, String> stringMapOrNull(String key) {
        return mapOf(key, String.class, "a map of strings");
    }

    public Map<String, Long> longMap(String key) {
        Map<String, Long> v = mapOf(key, Long.class, "a map of integers");
        return v == null ? Map.of() : v;
    }

    private <V> Map<String, V> mapOf(String key, Class<V> type, String expected) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> map) || !all(map.values(), type)) {
            throw wrong(key, v, expected);
        }
        @SuppressWarnings("unchecked")
        Map<String, V> typed = (Map<String, V>) map;
        return Collections.unmodifiableMap(typed);
    }

    /** A map of plain values (nil entries kept: they mean "remove" in a config change). */
    public Map<String, Object> requiredMap(String key) {
        Object v = get(key);
        if (v == null) {
            throw missing(key, "a map");
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw wrong(key, v, "a map");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) map;
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A map of plain values (Map/List/String/Long/Double/Boolean), or null when absent. */
    public Map<String, Object> plainMapOrNull(String key) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw wrong(key, v, "a map");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) map;
        return Collections.unmodifiableMap(values);
    }

    /** {@link #plainMapOrNull}, empty when absent. */
    public Map<String, Object> plainMap(String key) {
        Map<String, Object> v = plainMapOrNull(key);
        return v == null ? Map.of() : v;
    }

    /** A list of records (nil or absent: empty). */
    public <T> List<T> list(String key, WireCodec<T> codec) {
        Object v = get(key);
        return v == null ? List.of() : records(key, v, codec);
    }

    public <T> List<T> requiredList(String key, WireCodec<T> codec) {
        Object v = get(key);
        if (v == null) {
            throw missing(key, "an array");
        }
        return records(key, v, codec);
    }

    private <T> List<T> records(String key, Object v, WireCodec<T> codec) {
        if (!(v instanceof List<?> items)) {
            throw wrong(key, v, "an array");
        }
        List<T> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(codec.fromValue(item, label + "." + key));
        }
        return List.copyOf(out);
    }

    /** One record, or {@code fallback} when it is absent or nil (a field added after the record's first version). */
    public <T> T record(String key, WireCodec<T> codec, T fallback) {
        Object v = get(key);
        return v == null ? fallback : codec.fromValue(v, label + "." + key);
    }

    /** One record (required). */
    public <T> T required(String key, WireCodec<T> codec) {
        Object v = get(key);
        if (v == null) {
            throw missing(key, "a map");
        }
        return codec.fromValue(v, label + "." + key);
    }

    private <T> T required(String key, T value, String expected) {
        if (value == null) {
            throw missing(key, expected);
        }
        return value;
    }

    /** A loop, not a stream: this runs for every list and map field of every record decoded. */
    private static boolean all(java.util.Collection<?> values, Class<?> type) {
        for (Object v : values) {
            if (!type.isInstance(v)) {
                return false;
            }
        }
        return true;
    }

    private ProtocolException missing(String key, String expected) {
        return new ProtocolException("invalid " + label + ": field '" + key + "' is missing (" + expected + ")");
    }

    private ProtocolException wrong(String key, Object value, String expected) {
        return new ProtocolException("invalid " + label + ": field '" + key + "' must be " + expected + ", got "
                + describe(value));
    }

    static String describe(Object v) {
        return switch (v) {
            case null -> "nil";
            case String s -> "a string";
            case Long n -> "an integer";
            case Double d -> "a float";
            case Boolean b -> "a boolean";
            case byte[] b -> "binary data";
            case List<?> l -> "an array";
            case Map<?, ?> m -> "a map";
            default -> v.getClass().getSimpleName();
        };
    }
}
