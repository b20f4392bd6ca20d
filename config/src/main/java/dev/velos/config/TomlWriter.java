// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code velos import}: a {@link Translation} printed as a {@code velos.toml}. One
 * {@code [apps.<name>]} table per app, its env tables after it, and a comment for every key of
 * the original that velos cannot honour, so nothing is lost without a word. {@code cwd} is
 * written as an absolute path: the printed file may be saved anywhere, and relative paths in
 * a velos.toml are relative to where it is saved.
 */
final class TomlWriter {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlWriter() {
    }

    static String write(Translation t) {
        StringBuilder sb = new StringBuilder();
        Path file = t.file();
        Path dir = file.toAbsolutePath().normalize().getParent();
        sb.append("# velos.toml converted from the ").append(t.format().word()).append(" file ").append(file.getFileName())
                .append(" by velos import.\n");
        sb.append("# Start it with: velos apply velos.toml   (see config/velos.example.toml for every key)\n");
        for (Translation.Dropped d : t.dropped()) {
            if (d.app().isEmpty()) {
                sb.append(note(d));
            }
        }
        ObjectNode apps = (ObjectNode) t.root().get("apps");
        for (var app : apps.properties()) {
            String name = app.getKey();
            ObjectNode table = (ObjectNode) app.getValue();
            sb.append('\n').append("[apps.").append(key(name)).append("]\n");
            for (Translation.Dropped d : t.dropped()) {
                if (d.app().equals(name)) {
                    sb.append(note(d));
                }
            }
            List<Map.Entry<String, JsonNode>> tables = new ArrayList<>();
            boolean hasCwd = false;
            for (var e : table.properties()) {
                if (e.getKey().equals("env") || AppReader.isProfileKey(e.getKey())) {
                    tables.add(e);
                    continue;
                }
                JsonNode v = e.getValue();
                if (e.getKey().equals("cwd") && v.isTextual()) {
                    v = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(
                            dir.resolve(v.textValue()).normalize().toString());
                    hasCwd = true;
                }
                sb.append(key(e.getKey())).append(" = ").append(value(v)).append('\n');
            }
            if (!hasCwd) {
                sb.append("cwd = ").append(string(dir.toString())).append('\n');
            }
            for (var e : tables) {
                sb.append("\n[apps.").append(key(name)).append('.').append(key(e.getKey())).append("]\n");
                for (var v : e.getValue().properties()) {
                    sb.append(key(v.getKey())).append(" = ").append(value(v.getValue())).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String note(Translation.Dropped d) {
        return "# not converted" + (d.line() > 0 ? " (line " + d.line() + ")" : "") + ": " + d.key() + " — "
                + d.why().replace('\n', ' ') + "\n";
    }

    private static String key(String k) {
        return BARE_KEY.matcher(k).matches() ? k : string(k);
    }

    private static String value(JsonNode v) {
        if (v.isTextual()) {
            return string(v.textValue());
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(x -> items.add(value(x)));
            return "[" + String.join(", ", items) + "]";
        }
        if (v.isObject()) {
            List<String> items = new ArrayList<>();
            v.properties().forEach(e -> items.add(key(e.getKey()) + " = " + value(e.getValue())));
            return "{ " + String.join(", ", items) + " }";
        }
        if (v.isNull()) {
            return "\"\"";
        }
        return v.toString(); // numbers and booleans are written the same in TOML
    }

    /** A TOML basic string. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
