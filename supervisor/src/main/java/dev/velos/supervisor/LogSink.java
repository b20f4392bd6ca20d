// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import dev.velos.model.LogLine;

/**
 * Receives every line the supervised processes write. Called on the supervisor's event-loop
 * thread, in order per stream: implementations must return quickly and never block (hand the
 * line to a queue, as the daemon's log writer does). An exception thrown here is logged and the
 * line is dropped; the loop keeps running.
 */
@FunctionalInterface
public interface LogSink {
    /** A sink that discards everything. */
    LogSink DISCARD = line -> {
    };

    void accept(LogLine line);

    /**
     * Whether the sink is too far behind to take more now (say, its write queue holds many
     * megabytes). While it says so, the supervisor stops reading the children's pipes; a child
     * that keeps writing then blocks on its full pipe. That is back-pressure without losing a
     * line and without unbounded memory. Called on the loop thread; must be cheap.
     */
    default boolean saturated() {
        return false;
    }
}
