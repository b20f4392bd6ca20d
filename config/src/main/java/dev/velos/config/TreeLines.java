// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The line of every key and array item of a JSON or YAML document, by path ({@code apps, 0, name}):
 * Jackson's trees keep no locations, so the text is streamed once more and each field name's
 * location recorded. Array items are numbered from 0.
 */
final class TreeLines {
    private final Map<List<String>, Integer> lines;

    private TreeLines(Map<List<String>, Integer> lines) {
        this.lines = lines;
    }

    /** The lines of {@code text} in {@code factory}'s format; empty (every line 0) if it cannot be streamed. */
    static TreeLines of(JsonFactory factory, String text) {
        Map<List<String>, Integer> lines = new HashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            walk(p, p.nextToken(), new ArrayList<>(), lines);
        } catch (IOException | RuntimeException e) {
            // The tree was parsed already; a locator that fails only costs line numbers.
        }
        return new TreeLines(lines);
    }

    private static void walk(JsonParser p, JsonToken token, List<String> path, Map<List<String>, Integer> lines)
            throws IOException {
        if (token == JsonToken.START_OBJECT) {
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                path.add(p.currentName());
                lines.putIfAbsent(List.copyOf(path), p.currentTokenLocation().getLineNr());
                walk(p, p.nextToken(), path, lines);
                path.removeLast();
            }
        } else if (token == JsonToken.START_ARRAY) {
            int i = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
                path.add(String.valueOf(i++));
                lines.putIfAbsent(List.copyOf(path), p.currentTokenLocation().getLineNr());
                walk(p, t, path, lines);
                path.removeLast();
            }
        }
    }

    /** The line of {@code path}, else of its longest placed prefix, else 0. */
    int lineOf(List<String> path) {
        for (int n = path.size(); n > 0; n--) {
            Integer line = lines.get(path.subList(0, n));
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    int lineOf(String... path) {
        return lineOf(List.of(path));
    }
}
