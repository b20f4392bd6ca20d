// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Lines in a JavaScript ecosystem file, found by searching its text: node hands back the
 * evaluated object, which has no positions. An app is found by its {@code name} (or
 * {@code script}) literal, a key by {@code key:} at or after the line where its parent was
 * found. A guess, good enough to point at a key; 0 when even the app cannot be found.
 */
final class JsLines {
    private final List<String> lines;
    private final JsonNode root;

    JsLines(String text, JsonNode root) {
        this.lines = text.lines().toList();
        this.root = root;
    }

    int lineOf(List<String> path) {
        int from = 0;
        int found = 0;
        JsonNode node = root;
        for (String part : path) {
            JsonNode child = node == null ? null : node.isArray() && isIndex(part) ? node.get(Integer.parseInt(part)) : node.get(part);
            int line;
            if (isIndex(part) && child != null && child.isObject()) {
                String literal = child.path("name").isTextual() ? child.path("name").textValue() : child.path("script").asText("");
                line = literal.isEmpty() ? 0 : search(Pattern.compile("['\"`]" + Pattern.quote(literal) + "['\"`]"), from);
            } else if (isIndex(part)) {
                line = 0;
            } else {
                line = search(Pattern.compile("(^|[\\s{,])['\"]?" + Pattern.quote(part) + "['\"]?\\s*:"), from);
            }
            if (line > 0) {
                found = line;
                from = line - 1;
            }
            node = child;
        }
        return found;
    }

    private int search(Pattern pattern, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static boolean isIndex(String part) {
        return !part.isEmpty() && part.chars().allMatch(Character::isDigit);
    }
}
