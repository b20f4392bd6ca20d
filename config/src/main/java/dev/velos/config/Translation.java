// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A PM2, supervisord or process-compose file rewritten in velos's own keys: the same tree a
 * {@code velos.toml} parses to ({@code apps.<name>.<key>}), so one validator ({@link AppConfigFile})
 * checks every format, and {@link TomlWriter} can print it for {@code velos import}. Each key
 * remembers the line of the key it came from, and every key of the original that velos cannot
 * honour is kept as a {@link Dropped} note, never lost.
 */
final class Translation {
    /**
     * A key of the original file that has no velos equivalent.
     *
     * @param app  the app it belongs to, "" for the whole file
     * @param key  the key as the original names it
     * @param line its line, 0 when unknown
     * @param why  what velos does instead
     */
    record Dropped(String app, String key, int line, String why) {
        /** {@code <file>:<line>: app 'web': exec_mode is not honoured: ...}. */
        String located(String file) {
            String where = line > 0 ? file + ":" + line + ": " : file + ": ";
            return where + (app.isEmpty() ? "" : "app '" + app + "': ") + key + " is not honoured: " + why;
        }
    }

    private final ConfigFormat format;
    private final Path file;
    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    private final ObjectNode apps = root.putObject("apps");
    private final KeyLines.Recorded lines = new KeyLines.Recorded();
    private final List<Dropped> dropped = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    Translation(ConfigFormat format, Path file) {
        this.format = format;
        this.file = file;
    }

    ConfigFormat format() {
        return format;
    }

    Path file() {
        return file;
    }

    ObjectNode root() {
        return root;
    }

    KeyLines lines() {
        return lines;
    }

    List<Dropped> dropped() {
        return List.copyOf(dropped);
    }

    /** The located notes, as {@link AppConfigFile.Loaded#warnings()} shows them. */
    List<String> notes() {
        return dropped.stream().map(d -> d.located(file.toString())).toList();
    }

    /** The table of app {@code name}, created at {@code line} on first use. */
    App app(String name, int line) {
        ObjectNode table = apps.has(name) && apps.get(name) instanceof ObjectNode o ? o : apps.putObject(name);
        lines.put(List.of("apps", name), line);
        return new App(name, table);
    }

    /** A mistake that makes the file unusable as it is (a duplicate name, a malformed value), at {@code line}. */
    void error(int line, String message) {
        errors.add(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
    }

    /** Whether app {@code name} already has a table. */
    boolean hasApp(String name) {
        return apps.has(name);
    }

    /** Throws every {@link #error} at once, if there is any. */
    void throwIfErrors() {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    /** Notes a key of the whole file (not of one app) that velos cannot honour. */
    void drop(String key, int line, String why) {
        dropped.add(new Dropped("", key, line, why));
    }

    /** One app's table, filled key by key. */
    final class App {
        private final String name;
        private final ObjectNode table;

        private App(String name, ObjectNode table) {
            this.name = name;
            this.table = table;
        }

        String name() {
            return name;
        }

        boolean has(String key) {
            return table.has(key);
        }

        JsonNode get(String key) {
            return table.get(key);
        }

        /** Sets velos key {@code key}, written at {@code line} of the original. */
        App put(String key, JsonNode value, int line) {
            table.set(key, value);
            lines.put(List.of("apps", name, key), line);
            return this;
        }

        App put(String key, String value, int line) {
            return put(key, JsonNodeFactory.instance.textNode(value), line);
        }

        App put(String key, long value, int line) {
            return put(key, JsonNodeFactory.instance.numberNode(value), line);
        }

        App put(String key, boolean value, int line) {
            return put(key, JsonNodeFactory.instance.booleanNode(value), line);
        }

        App put(String key, List<String> values, int line) {
            var array = JsonNodeFactory.instance.arrayNode();
            values.forEach(array::add);
            return put(key, array, line);
        }

        /** Adds variables to the env table {@code table} ({@code env} or {@code env_<profile>}), each at its line. */
        App env(String tableName, Map<String, String> vars, Map<String, Integer> varLines) {
            ObjectNode env = table.has(tableName) && table.get(tableName) instanceof ObjectNode o ? o : table.putObject(tableName);
            vars.forEach((k, v) -> {
                env.put(k, v);
                lines.put(List.of("apps", name, tableName, k), varLines.getOrDefault(k, 0));
            });
            return this;
        }

        /** Notes a key of this app that velos cannot honour. */
        App drop(String key, int line, String why) {
            dropped.add(new Dropped(name, key, line, why));
            return this;
        }
    }
}
