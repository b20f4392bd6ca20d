// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object being built for output, keys in the order they are put; written by {@link Json}
 * with jackson-core's generator. A plain map rather than databind's ObjectNode: databind's first
 * use costs a CLI command ~100 ms and hundreds of classes (DESIGN §4), for output this small.
 */
final class JsonObject {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    JsonObject put(String key, String value) {
        fields.put(key, value);
        return this;
    }

    JsonObject put(String key, long value) {
        fields.put(key, value);
        return this;
    }

    JsonObject put(String key, double value) {
        fields.put(key, value);
        return this;
    }

    JsonObject put(String key, boolean value) {
        fields.put(key, value);
        return this;
    }

    JsonObject putNull(String key) {
        fields.put(key, null);
        return this;
    }

    JsonArray putArray(String key) {
        JsonArray array = new JsonArray();
        fields.put(key, array);
        return array;
    }

    JsonObject putObject(String key) {
        JsonObject object = new JsonObject();
        fields.put(key, object);
        return object;
    }

    /** A map of plain values (maps, lists, strings, numbers, booleans) as a nested object. */
    JsonObject putPlain(String key, Map<String, ?> value) {
        fields.put(key, value);
        return this;
    }

    Map<String, Object> fields() {
        return fields;
    }
}
