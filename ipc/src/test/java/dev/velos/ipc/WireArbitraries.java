// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Shared generators for the property tests, and a number-width-agnostic view of decoded trees. */
final class WireArbitraries {
    private WireArbitraries() {
    }

    /** Strings mixing ASCII, BMP and supplementary code points (never lone surrogates, which UTF-8 cannot carry). */
    static Arbitrary<String> text(int maxLength) {
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(maxLength);
        Arbitrary<String> unicode = Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(maxLength)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                });
        Arbitrary<String> fixed = Arbitraries.of("", "ping", "logs.read", "héllo wörld", "日本語", "emoji 🚀🔥", "\u0000nul",
                "tab\tnew\nline", "\"quoted\" \\ back");
        return Arbitraries.frequencyOf(Tuple.of(3, ascii), Tuple.of(3, unicode), Tuple.of(1, fixed));
    }

    /** Scalar leaves of a message tree: strings, ints, longs, doubles, booleans and null. */
    static Arbitrary<Object> leaf() {
        Arbitrary<Object> strings = text(16).map(s -> s);
        Arbitrary<Object> ints = Arbitraries.integers().map(i -> i);
        Arbitrary<Object> longs = Arbitraries.longs().map(l -> l);
        Arbitrary<Object> doubles = Arbitraries.doubles()
                .withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)
                .withSpecialValue(Double.NEGATIVE_INFINITY).withSpecialValue(-0.0)
                .map(d -> d);
        Arbitrary<Object> booleans = Arbitraries.of(true, false).map(b -> b);
        return Arbitraries.oneOf(strings, ints, longs, doubles, booleans).injectNull(0.05);
    }

    /** Nested maps and lists of {@link #leaf()} values, up to {@code depth} levels. */
    static Arbitrary<Object> value(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<Object> inner = value(depth - 1);
        Arbitrary<Object> lists = inner.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> maps = Arbitraries.maps(text(8), inner).ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(Tuple.of(2, leaf()), Tuple.of(1, lists), Tuple.of(1, maps));
    }

    /** A map at the top, as request args usually are. */
    static Arbitrary<Map<String, Object>> args() {
        return Arbitraries.maps(text(8), value(3)).ofMaxSize(5).map(LinkedHashMap::new);
    }

    /**
     * Plain Java view of a value in which every integral number is a {@link BigInteger} and every
     * other number a {@link Double}: MessagePack picks the narrowest encoding, so an {@code int} may
     * come back as a long and the other way round, but the value must not change.
     */
    static Object normalize(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Payload payload) {
            return normalize(payload.value());
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, normalize(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(WireArbitraries::normalize).toList();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return value;
    }
}
