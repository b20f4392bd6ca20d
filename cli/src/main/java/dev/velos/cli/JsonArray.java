// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JSON array being built for output (see {@link JsonObject}). */
final class JsonArray {
    private final List<Object> items = new ArrayList<>();

    JsonArray add(String value) {
        items.add(value);
        return this;
    }

    JsonArray add(JsonObject value) {
        items.add(value);
        return this;
    }

    /** A map of plain values (maps, lists, strings, numbers, booleans) as an object. */
    JsonArray add(Map<String, ?> value) {
        items.add(value);
        return this;
    }

    JsonObject addObject() {
        JsonObject object = new JsonObject();
        items.add(object);
        return object;
    }

    List<Object> items() {
        return items;
    }
}
