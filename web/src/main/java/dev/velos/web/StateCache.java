// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import dev.velos.ipc.IpcException;

/**
 * The daemon's state for scrapes and lists, at most {@code maxAge} old. Concurrent readers of a
 * stale entry share one refresh (the others wait for it) instead of each asking the daemon, so a
 * burst of scrapes costs the daemon one list per {@code maxAge}, and a scrape never sees data
 * older than that: there is no background poll serving a five-second-old snapshot.
 */
public final class StateCache {
    private final DaemonLink daemon;
    private final long maxAgeNanos;
    private final ReentrantLock refresh = new ReentrantLock();
    private volatile Entry current;

    private record Entry(DaemonState state, long takenNanos) {
    }

    public StateCache(DaemonLink daemon, Duration maxAge) {
        this.daemon = daemon;
        this.maxAgeNanos = maxAge.toNanos();
    }

    public DaemonState get() {
        Entry e = current;
        if (fresh(e)) {
            return e.state();
        }
        refresh.lock();
        try {
            e = current;
            if (fresh(e)) {
                return e.state();
            }
            Entry next = new Entry(fetch(), System.nanoTime());
            current = next;
            return next.state();
        } finally {
            refresh.unlock();
        }
    }

    /** Forgets the cached state: the next reader asks the daemon (after a change made through this server). */
    public void invalidate() {
        current = null;
    }

    private boolean fresh(Entry e) {
        return e != null && System.nanoTime() - e.takenNanos() < maxAgeNanos;
    }

    private DaemonState fetch() {
        try {
            return daemon.call(c -> DaemonState.of(c.list(), c.daemonStats()));
        } catch (IpcException e) {
            return DaemonState.unavailable(e.getMessage());
        }
    }
}
