// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How one wire type is written and read, field by field. Records are built with
 * {@link #record}: one lambda writes the fields (one line each), one reads them back by name
 * (one line each), so adding a field to a record is a line per direction.
 */
public interface WireCodec<T> {
    void write(WireWriter out, T value);

    T read(WireReader in);

    /** The value from a plain decoded value (a record inside a record is already a Map by then). */
    T fromValue(Object value, String where);

    /** A record: a MessagePack map with the fields {@code writer} writes, read back by {@code reader}. */
    static <T> WireCodec<T> record(String label, BiConsumer<WireWriter, T> writer, Function<WireFields, T> reader) {
        return new WireCodec<>() {
            @Override
            public void write(WireWriter out, T value) {
                out.beginRecord();
                writer.accept(out, value);
                out.endRecord();
            }

            @Override
            public T read(WireReader in) {
                return reader.apply(in.fields(label));
            }

            @Override
            public T fromValue(Object value, String where) {
                if (!(value instanceof Map<?, ?> map)) {
                    throw new ProtocolException("invalid " + where + ": expected a map, got " + WireFields.describe(value));
                }
                return reader.apply(WireFields.of(map, label));
            }
        };
    }

    /** An array of {@code element}s. */
    static <T> WireCodec<List<T>> listOf(WireCodec<T> element, String label) {
        return new WireCodec<>() {
            @Override
            public void write(WireWriter out, List<T> values) {
                out.list(values, element);
            }

            @Override
            public List<T> read(WireReader in) {
                return in.list(label, element);
            }

            @Override
            public List<T> fromValue(Object value, String where) {
                if (!(value instanceof List<?> items)) {
                    throw new ProtocolException("invalid " + where + ": expected an array, got " + WireFields.describe(value));
                }
                return items.stream().map(item -> element.fromValue(item, where)).toList();
            }
        };
    }

    /** A string (as an array element). */
    WireCodec<String> STRING = new WireCodec<>() {
        @Override
        public void write(WireWriter out, String value) {
            out.value(value);
        }

        @Override
        public String read(WireReader in) {
            return fromValue(in.value(), "string");
        }

        @Override
        public String fromValue(Object value, String where) {
            if (!(value instanceof String s)) {
                throw new ProtocolException("invalid " + where + ": expected a string, got " + WireFields.describe(value));
            }
            return s;
        }
    };
}
