// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import dev.velos.cli.tui.MonitModel.LogLine;
import dev.velos.ipc.VelosClient;

/**
 * The log pane's feed: one {@code logs.follow} stream for the selected process, on a virtual
 * thread of its own connection (the daemon pushes new lines; nothing is re-read). Selecting
 * another process closes that connection, which ends the stream, and follows the new one.
 */
final class LogFollower implements AutoCloseable {
    private static final int BACKLOG = 50;
    private static final int KEEP = 500;

    private final Supplier<VelosClient> connector;
    private final Deque<LogLine> lines = new ArrayDeque<>();
    private String name = "";
    private long generation;
    private VelosClient stream;

    LogFollower(Supplier<VelosClient> connector) {
        this.connector = connector;
    }

    /** Follows {@code target} ("" for none) unless it is already followed. */
    synchronized void follow(String target) {
        if (target.equals(name)) {
            return;
        }
        stopStream();
        name = target;
        lines.clear();
        if (target.isEmpty()) {
            return;
        }
        long mine = ++generation;
        Thread.ofVirtual().name("velos-monit-follow").start(() -> run(target, mine));
    }

    private void run(String target, long mine) {
        VelosClient client;
        try {
            client = connector.get();
        } catch (RuntimeException e) {
            add(mine, new LogLine(true, "cannot follow the logs: " + e.getMessage()));
            return;
        }
        synchronized (this) {
            if (mine != generation) {
                client.close();
                return;
            }
            stream = client;
        }
        try {
            client.follow(target, BACKLOG, "all", entry -> add(mine, new LogLine("err".equals(entry.stream()), entry.text())));
        } catch (RuntimeException e) {
            // closed because the selection moved, the process went away, or the daemon stopped
        }
    }

    /** Appends {@code line} if the stream it came from is still the current one; false ends that stream. */
    private synchronized boolean add(long from, LogLine line) {
        if (from != generation) {
            return false;
        }
        lines.addLast(line);
        if (lines.size() > KEEP) {
            lines.removeFirst();
        }
        return true;
    }

    synchronized List<LogLine> lines() {
        return new ArrayList<>(lines);
    }

    private void stopStream() {
        generation++;
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public synchronized void close() {
        stopStream();
        name = "";
    }
}
