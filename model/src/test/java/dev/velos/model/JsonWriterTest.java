// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one hand-written JSON writer: what hook payloads, tokens.json, audit.log and JSON log lines are made of. */
class JsonWriterTest {
    @Test
    void writesNestedPlainValuesInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", "api");
        m.put("exit_code", null);
        m.put("n", 3L);
        m.put("ok", true);
        m.put("list", List.of(1, "two"));
        assertThat(JsonWriter.write(m)).isEqualTo("{\"app\":\"api\",\"exit_code\":null,\"n\":3,\"ok\":true,\"list\":[1,\"two\"]}");
    }

    @Test
    void numbersJsonLacksAreNull() {
        assertThat(JsonWriter.write(List.of(Double.NaN, Float.POSITIVE_INFINITY, 1.5))).isEqualTo("[null,null,1.5]");
    }

    @Test
    void escapesWhatWouldBreakALineOrAString() {
        StringBuilder out = new StringBuilder();
        JsonWriter.quote(out, "a\"b\\c\nd\re\tf\u0001g\u007fh\u2028i");
        // A JSON line stays one line: line breaks, controls, DEL and U+2028 are escaped.
        assertThat(out).hasToString("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u007fh\\u2028i\"");
    }
}
