// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.velos.logs.LogFileWriter;
import dev.velos.logs.LogRing;
import dev.velos.model.LogLine;
import dev.velos.model.LogStream;
import dev.velos.supervisor.LogSink;

/** Where captured lines go in the daemon: the app's log files and its in-memory ring of recent lines. */
final class AppLogs implements LogSink, AutoCloseable {
    private final LogFileWriter writer;
    private final Map<String, LogRing> rings = new ConcurrentHashMap<>();

    AppLogs(Path dir) {
        this.writer = new LogFileWriter(dir);
    }

    /** Called on the supervisor's loop thread: two non-blocking hand-offs. */
    @Override
    public void accept(LogLine line) {
        rings.computeIfAbsent(line.name(), n -> new LogRing(LogRing.DEFAULT_CAPACITY)).add(line);
        writer.append(line);
    }

    /** The newest {@code lines} lines of the given processes, merged by time; {@code stream} is out, err or all. */
    List<LogLine> recent(Collection<String> names, int lines, String stream) {
        List<LogLine> merged = new ArrayList<>();
        for (String name : names) {
            LogRing ring = rings.get(name);
            if (ring != null) {
                ring.last(LogRing.DEFAULT_CAPACITY).stream().filter(l -> matches(l, stream)).forEach(merged::add);
            }
        }
        merged.sort(Comparator.comparing(LogLine::timestamp));
        int from = Math.max(0, merged.size() - Math.max(0, lines));
        return List.copyOf(merged.subList(from, merged.size()));
    }

    private static boolean matches(LogLine line, String stream) {
        return switch (stream == null ? "all" : stream) {
            case "out" -> line.stream() == LogStream.STDOUT;
            case "err" -> line.stream() == LogStream.STDERR;
            default -> true;
        };
    }

    /** Forgets the ring of a deleted app and closes its files (which stay on disk). */
    void forget(String name) {
        rings.remove(name);
        writer.closeApp(name);
    }

    void flush() {
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
