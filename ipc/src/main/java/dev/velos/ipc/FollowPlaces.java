// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A log follower's place: the last line it got of each app and stream (timestamp and ordinal,
 * {@link WireTypes.LogEntry#ord()}) and when it began, from which a follower whose connection
 * broke asks a daemon — the same or its successor — for exactly the lines it missed
 * ({@link WireTypes.FollowFrom}). Lines without an ordinal (velos's own notes, an older daemon's
 * lines) mark nothing. One follower's thread only.
 */
final class FollowPlaces {
    private final long beganMs;
    private final Map<String, WireTypes.FollowMark> last = new LinkedHashMap<>();

    FollowPlaces(long beganMs) {
        this.beganMs = beganMs;
    }

    void saw(WireTypes.LogEntry line) {
        if (line.ord() > 0) {
            last.put(line.stream() + '/' + line.name(),
                    new WireTypes.FollowMark(line.name(), line.stream(), line.timestampMs(), line.ord()));
        }
    }

    boolean isEmpty() {
        return last.isEmpty();
    }

    /** Where to resume: after each mark, and from when the follower began for every other app and stream. */
    WireTypes.FollowFrom resume() {
        List<WireTypes.FollowMark> marks = new ArrayList<>(last.values());
        return new WireTypes.FollowFrom(beganMs, marks);
    }
}
