// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small JSON of tokens.json and audit.log: what it writes, it reads back; what is not JSON, it refuses. */
class JsonTextTest {
    @Property(tries = 300)
    void anyStringSurvivesTheRoundTrip(@ForAll String s) {
        assertThat(JsonText.parse(JsonText.write(s))).isEqualTo(s);
        assertThat(JsonText.write(s)).doesNotContain("\n", "\r", "\u2028");
    }

    @Test
    void objectsListsNumbersAndBooleansRoundTripInOrder() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("b", List.of(1L, -2L, 2.5, true, "x"));
        o.put("a", Map.of("k", false));
        String text = JsonText.write(o);
        assertThat(text).isEqualTo("{\"b\":[1,-2,2.5,true,\"x\"],\"a\":{\"k\":false}}");
        assertThat(JsonText.parseObject(" " + text + "\n")).isEqualTo(o).containsKeys("b", "a");
        assertThat(JsonText.parse("{\"n\":null,\"l\":[null,1]}")).isEqualTo(Map.of("l", List.of(1L)));
        assertThat(JsonText.parse("\"\\u00e9\\n\\/\"")).isEqualTo("é\n/");
    }

    @Test
    void malformedTextIsRefusedSayingWhere() {
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "{\"a\":1}x", "01", "\"\\q\"", "\"a\nb\"", "tru", "{a:1}")) {
            assertThatThrownBy(() -> JsonText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("malformed JSON at character");
        }
        assertThatThrownBy(() -> JsonText.parse("[".repeat(100) + "]".repeat(100))).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> JsonText.parseObject("[]")).hasMessage("not a JSON object");
    }
}
