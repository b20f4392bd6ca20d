// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jetty.util.Fields;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.velos.ipc.SummaryJson;
import dev.velos.ipc.WireTypes;
import dev.velos.model.Level;

/**
 * The log routes. {@code GET /api/v1/logs/{name}?lines=&level=}: the newest lines, classified by
 * the smart log engine (content first, then stream: DESIGN §4), optionally kept to the given
 * levels (comma-separated). {@code GET /api/v1/logs/{name}/summary?lines=&level=&grep=}: the
 * daemon's log summary of those lines (REFERENCE §9.6 keys, in its order). Bad query values are
 * 400 with the reason; a grep pattern RE2 cannot compile is the daemon's 422.
 */
final class LogRoute {
    static final int MAX_LINES = 10_000;
    static final int SUMMARY_LINES = 1_000;

    private final DaemonLink daemon;

    LogRoute(DaemonLink daemon) {
        this.daemon = daemon;
    }

    ArrayNode read(String name, Fields query) {
        int lines = lines(query.getValue("lines"), 100);
        Set<Level> levels = levels(query.getValue("level"));
        List<WireTypes.LogEntry> entries = daemon.call(c -> c.logs(name, lines, "all"));
        ArrayNode out = HttpJson.array();
        for (WireTypes.LogEntry e : entries) {
            Level level = e.levelOrDefault();
            if (levels.contains(level)) {
                out.add(line(e, level));
            }
        }
        return out;
    }

    ObjectNode summary(String name, Fields query) {
        int lines = lines(query.getValue("lines"), SUMMARY_LINES);
        String level = query.getValue("level");
        String levels = level == null || level.isBlank() ? ""
                : levels(level).stream().map(Level::lowerName).reduce((a, b) -> a + "," + b).orElseThrow();
        String grep = query.getValue("grep") == null ? "" : query.getValue("grep");
        WireTypes.SummaryView s = daemon.call(c -> c.logsSummary(new WireTypes.LogsQuery(name, lines, "all", 0, 0,
                levels, grep)));
        return HttpJson.MAPPER.valueToTree(SummaryJson.of(s));
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

    private static int lines(String value, int byDefault) {
        if (value == null || value.isBlank()) {
            return byDefault;
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
