// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the tools' input schemas: always {@code {"type":"object","properties":{…},"required":[…]}}. */
final class Schemas {
    static final Map<String, Object> NAME_OR_ID = string("Process name (as process_list shows it), numeric id, "
            + "or a cluster's base name for all its instances.");

    private Schemas() {
    }

    static Map<String, Object> object(Map<String, Object> properties, String... required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of(required));
        return schema;
    }

    /** The schema of a tool that acts on one process (or a cluster): only a required {@code name_or_id}. */
    static Map<String, Object> target() {
        return object(properties("name_or_id", NAME_OR_ID), "name_or_id");
    }

    static Map<String, Object> none() {
        return object(Map.of());
    }

    static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> integer(String description, int fallback) {
        return Map.of("type", "integer", "description", description, "default", fallback, "minimum", 1);
    }

    static Map<String, Object> bool(String description) {
        return Map.of("type", "boolean", "description", description);
    }

    static Map<String, Object> strings(String description) {
        return Map.of("type", "array", "items", Map.of("type", "string"), "description", description);
    }

    /** Properties in the order given (Map.of would shuffle them in tools/list). */
    static Map<String, Object> properties(Object... keyValues) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
