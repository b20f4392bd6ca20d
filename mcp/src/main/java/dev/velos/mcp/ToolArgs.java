// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code arguments} of one tool call, read leniently (models quote numbers, send floats):
 * a whole number given as a string counts; a negative number or a fraction falls back to the
 * default (REFERENCE §10.2); a missing required argument is a {@link ToolException} that names it.
 */
record ToolArgs(Map<String, Object> values) {
    ToolArgs {
        values = values == null ? Map.of() : values;
    }

    String required(String key, String meaning) {
        return optional(key).orElseThrow(() -> new ToolException("missing '" + key + "': " + meaning));
    }

    Optional<String> optional(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        String s = v instanceof String text ? text : String.valueOf(v);
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    int count(String key, int fallback) {
        Object v = values.get(key);
        long n;
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.longValue();
        } else if (v instanceof String s && s.trim().matches("\\d{1,9}")) {
            n = Long.parseLong(s.trim());
        } else {
            return fallback;
        }
        return n <= 0 || n > Integer.MAX_VALUE ? fallback : (int) n;
    }

    boolean flag(String key) {
        Object v = values.get(key);
        return v instanceof Boolean b ? b : v instanceof String s && s.equalsIgnoreCase("true");
    }

    List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new ToolException("'" + key + "' must be an array of strings");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String key, String meaning) {
        Object v = values.get(key);
        if (v instanceof Map<?, ?> map && !map.isEmpty()) {
            return (Map<String, Object>) map;
        }
        throw new ToolException("'" + key + "' must be a non-empty object: " + meaning);
    }
}
