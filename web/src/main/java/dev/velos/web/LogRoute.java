// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jetty.util.Fields;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.velos.ipc.WireTypes;
import dev.velos.logs.Classifier;
import dev.velos.model.Level;
import dev.velos.model.LogStream;

/**
 * {@code GET /api/logs/{name}?lines=&level=}: the newest lines, classified by the smart log
 * engine (content first, then stream: DESIGN §4), optionally kept to the given levels
 * (comma-separated). Bad query values are 400 with the reason.
 */
final class LogRoute {
    static final int MAX_LINES = 10_000;

    private final DaemonLink daemon;

    LogRoute(DaemonLink daemon) {
        this.daemon = daemon;
    }

    ArrayNode read(String name, Fields query) {
        int lines = lines(query.getValue("lines"));
        Set<Level> levels = levels(query.getValue("level"));
        List<WireTypes.LogEntry> entries = daemon.call(c -> c.logs(name, lines, "all"));
        ArrayNode out = HttpJson.array();
        for (WireTypes.LogEntry e : entries) {
            Level level = Classifier.classify(e.text(), LogStream.ofShortName(e.stream()));
            if (levels.contains(level)) {
                out.add(line(e, level));
            }
        }
        return out;
    }

    static ObjectNode line(WireTypes.LogEntry e, Level level) {
        ObjectNode o = HttpJson.object();
        o.put("timestamp_ms", e.timestampMs());
        o.put("level", level.order());
        o.put("level_str", level.lowerName());
        o.put("stream", e.stream());
        o.put("name", e.name());
        o.put("message", e.text());
        return o;
    }

    private static int lines(String value) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= MAX_LINES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new ApiError(400, "lines must be an integer 1-" + MAX_LINES + ", got '" + value + "'");
    }

    private static Set<Level> levels(String value) {
        if (value == null || value.isBlank()) {
            return EnumSet.allOf(Level.class);
        }
        Set<Level> out = EnumSet.noneOf(Level.class);
        for (String token : value.split(",")) {
            Optional<Level> l = Level.parse(token);
            if (l.isEmpty()) {
                throw new ApiError(400, "unknown level '" + token.strip() + "'; use debug, info, warn, error or fatal");
            }
            out.add(l.get());
        }
        return out;
    }
}
