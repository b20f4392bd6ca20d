// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;
import java.util.List;

/**
 * Restart on file changes (DESIGN §4 "Watch"): recursive inotify watches of {@code paths}
 * (relative to the app's cwd; none = the cwd), gitignore-like {@code ignore} globs on top of the
 * defaults ({@code node_modules}, {@code .git}, {@code *.log}, velos's own log directory), and a
 * quiet period of {@code delay} after the last change before the restart.
 */
public record WatchPolicy(boolean enabled, List<String> paths, List<String> ignore, Duration delay) {
    public static final WatchPolicy OFF = new WatchPolicy(false, List.of(), List.of(), Duration.ofMillis(1000));

    public WatchPolicy {
        paths = List.copyOf(paths);
        ignore = List.copyOf(ignore);
        if (delay.isNegative()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "watch_delay must not be negative");
        }
    }
}
