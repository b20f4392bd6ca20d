// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Objects;

/**
 * What restarts a running process besides its exit (REFERENCE §5.2, §5.3).
 *
 * @param maxMemoryBytes RSS of the whole process group above which it is restarted; 0 = no limit
 * @param cronRestart    a cron expression (UNIX syntax, names and {@code @daily}-style macros) in
 *                       the supervisor's local zone; "" = none
 * @param watch          restart on file changes
 */
public record RestartTriggers(long maxMemoryBytes, String cronRestart, WatchPolicy watch) {
    public static final RestartTriggers NONE = new RestartTriggers(0, "", WatchPolicy.OFF);

    public RestartTriggers(long maxMemoryBytes, String cronRestart) {
        this(maxMemoryBytes, cronRestart, WatchPolicy.OFF);
    }

    public RestartTriggers {
        if (maxMemoryBytes < 0) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "max_memory_restart must not be negative");
        }
        Objects.requireNonNull(cronRestart, "cronRestart");
        Objects.requireNonNull(watch, "watch");
        cronRestart = cronRestart.trim();
    }
}
