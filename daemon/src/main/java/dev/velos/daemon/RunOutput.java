// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.PrintStream;

import dev.velos.logs.LogFormat;
import dev.velos.logs.LogStore;
import dev.velos.logs.StoredLine;
import dev.velos.model.LogStream;

/**
 * {@code velos run}'s console (issue 22): every app's lines on velos's own stdout and stderr, as
 * the app wrote them, each prefixed with its app's name ({@code web | listening on 8080}, names
 * padded to one width, as {@code docker compose} does), or one JSON object per line
 * ({@code --json-logs}) for a log collector. It is a follower of the log store, like {@code velos
 * logs -f}: a console that cannot keep up (a full pipe) loses lines with a note saying how many,
 * and never slows the apps or the daemon.
 */
final class RunOutput implements LogStore.FollowSink {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final int width;
    private volatile boolean open = true;

    /** {@code width}: the longest app name, to pad the prefixes to. */
    RunOutput(PrintStream out, PrintStream err, boolean json, int width) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.width = Math.max(1, width);
    }

    @Override
    public boolean send(StoredLine line) {
        PrintStream to = line.stream() == LogStream.STDERR ? err : out;
        to.println(json ? LogFormat.jsonWithApp(line) : prefixed(line));
        to.flush();
        return open;
    }

    private String prefixed(StoredLine line) {
        StringBuilder b = new StringBuilder(width + 3 + line.text().length()).append(line.name());
        while (b.length() < width) {
            b.append(' ');
        }
        return b.append(" | ").append(line.text()).toString();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Ends the output (the follower stops at its next line or within a second). */
    void close() {
        open = false;
    }
}
