// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

/**
 * An events subscriber's place: which daemon it last subscribed to, the sequence number of the
 * last event it got there, and when it first subscribed. A subscriber whose connection broke
 * subscribes again with it ({@link WireTypes.EventsArgs}) and is first sent the events it missed
 * that the daemon still holds. One subscriber's thread at a time.
 */
final class EventCursor {
    private long daemonPid;
    private long lastSeq;
    private long sinceMs;

    /**
     * The args of a subscription to the daemon {@code pid}: live only the first time, else a
     * resume; from then on the cursor follows that daemon.
     */
    WireTypes.EventsArgs subscribing(long pid, long nowMs) {
        WireTypes.EventsArgs args = daemonPid == 0 ? WireTypes.EventsArgs.LIVE
                : new WireTypes.EventsArgs(daemonPid, lastSeq, sinceMs);
        if (daemonPid == 0) {
            sinceMs = nowMs;
        }
        if (pid != daemonPid) {
            lastSeq = 0;
            daemonPid = pid;
        }
        return args;
    }

    void saw(WireTypes.EventView event) {
        if (event.seq() > 0) {
            lastSeq = event.seq();
        }
    }
}
