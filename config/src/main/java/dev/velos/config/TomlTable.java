// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed, validating reads of one TOML table. A value of the wrong type or out of range is
 * recorded in {@link Problems} at the key's line and the read returns the default, so that one
 * pass over a file reports every mistake in it.
 */
final class TomlTable {
    private final ObjectNode node;
    private final List<String> path;
    private final String label;
    private final Problems problems;

    /**
     * @param path  the table's key path ({@code apps, web}), for line numbers
     * @param label prefix of every message, e.g. {@code "app 'web': "}
     */
    TomlTable(ObjectNode node, List<String> path, String label, Problems problems) {
        this.node = node;
        this.path = List.copyOf(path);
        this.label = label;
        this.problems = problems;
    }

    List<String> path() {
        return path;
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    Optional<JsonNode> get(String key) {
        return Optional.ofNullable(node.get(key));
    }

    /** Records a problem at {@code key}'s line: {@code <label><message>}. */
    void problem(String key, String message) {
        problems.at(child(key), label + message);
    }

    /** Records a problem at a nested key ({@code env}, {@code PORT}). */
    void problem(List<String> keys, String message) {
        problems.at(Stream.concat(path.stream(), keys.stream()).toList(), label + message);
    }

    Optional<String> string(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            problem(key, key + " must be a string, got " + describe(v));
            return Optional.empty();
        }
        return Optional.of(v.textValue());
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problem(key, key + " must be true or false, got " + describe(v));
            return fallback;
        }
        return v.booleanValue();
    }

    /** An integer that fits a long; {@code what} describes it in the type error ("a whole number of milliseconds"). */
    OptionalLong integer(String key, String what) {
        JsonNode v = node.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            String hint = what.endsWith("milliseconds") ? " or a duration such as \"5s\"" : "";
            problem(key, key + " must be " + what + hint + ", got " + describe(v));
            return OptionalLong.empty();
        }
        return OptionalLong.of(v.longValue());
    }

    /** An integer of at least {@code min}; {@code unit} follows the bound in the message ({@code >= 100ms}). */
    long integer(String key, long fallback, long min, long max, String unit) {
        String what = unit.equals("ms") ? "a whole number of milliseconds" : "a whole number";
        OptionalLong v = integer(key, what);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.getAsLong() < min) {
            problem(key, String.format(Locale.ROOT, "%s must be >= %d%s, got %d", key, min, unit, v.getAsLong()));
            return fallback;
        }
        if (v.getAsLong() > max) {
            problem(key, String.format(Locale.ROOT, "%s must be <= %d%s, got %d", key, max, unit, v.getAsLong()));
            return fallback;
        }
        return v.getAsLong();
    }

    /**
     * A span of time in milliseconds between {@code min} and {@code max}: a whole number of
     * milliseconds or a string with a unit ({@code "500ms"}, {@code "5s"}, {@code "2m"}), as
     * {@link Durations} reads them.
     */
    long millis(String key, long fallback, long min, long max) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            return integer(key, fallback, min, max, "ms");
        }
        long ms;
        try {
            ms = Durations.parseMillis(v.textValue());
        } catch (dev.velos.model.VelosException e) {
            problem(key, key + ": " + e.getMessage());
            return fallback;
        }
        if (ms < min || ms > max) {
            problem(key, String.format(Locale.ROOT, "%s must be between %dms and %dms, got %s", key, min, max,
                    describe(v)));
            return fallback;
        }
        return ms;
    }

    /** A finite number greater than zero (integer or float). */
    double positiveNumber(String key, double fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            problem(key, key + " must be a number, got " + describe(v));
            return fallback;
        }
        double d = v.doubleValue();
        if (!(d > 0) || Double.isInfinite(d)) {
            problem(key, key + " must be a number > 0, got " + describe(v));
            return fallback;
        }
        return d;
    }

    /** An array whose items are strings (numbers and booleans are written out as text). */
    Optional<List<String>> strings(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            problem(key, key + " must be an array of strings, got " + describe(v));
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isValueNode() || item.isNull()) {
                problem(key, key + " must be an array of strings, got an item " + describe(item));
                return Optional.empty();
            }
            out.add(item.asText());
        }
        return Optional.of(out);
    }

    /**
     * A sub-table of strings ({@code [apps.web.env]}); numbers and booleans are written out as
     * text, anything else is a problem. Keys must be usable as environment variable names.
     */
    Optional<Map<String, String>> stringTable(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            problem(key, key + " must be a table ([" + String.join(".", child(key)) + "]), got " + describe(v));
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                problem(List.of(key, name), key + ": invalid variable name '" + name + "'");
            } else if (!value.isValueNode() || value.isNull()) {
                problem(List.of(key, name), key + "." + name + " must be a string, number or boolean, got "
                        + describe(value));
            } else if (value.asText().indexOf('\0') >= 0) {
                problem(List.of(key, name), key + "." + name + " must not contain a NUL character");
            } else {
                out.put(name, value.asText());
            }
        }
        return Optional.of(out);
    }

    /** Records every key that is neither in {@code known} nor accepted by {@code alsoKnown}, with a suggestion. */
    void rejectUnknown(Collection<String> known, Predicate<String> alsoKnown) {
        for (String key : keys()) {
            if (!known.contains(key) && !alsoKnown.test(key)) {
                problem(key, "unknown key '" + key + "'" + suggestion(key, known));
            }
        }
    }

    /** {@code " (did you mean 'x'?)"} for a near miss or a prefix of a known key, else the list of known keys. */
    static String suggestion(String key, Collection<String> known) {
        return Spelling.closest(key.toLowerCase(Locale.ROOT).replace('-', '_'), known).map(best -> " (did you mean '" + best + "'?)")
                .orElseGet(() -> " (known keys: " + String.join(", ", known.stream().sorted().toList()) + ")");
    }

    /** A value as the user wrote it, near enough: {@code "yes"}, {@code 1.5}, {@code [1,2]}, {@code a table}. */
    static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a table";
        }
        return v.isTextual() ? "\"" + v.textValue() + "\"" : v.toString();
    }

    private List<String> child(String key) {
        return Stream.concat(path.stream(), Stream.of(key)).toList();
    }
}
