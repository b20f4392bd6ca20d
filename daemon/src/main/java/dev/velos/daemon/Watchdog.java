// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's service watchdog from the daemon's side: a unit with {@code WatchdogSec=} passes
 * {@code WATCHDOG_USEC} (and {@code WATCHDOG_PID}) and kills the service unless {@code WATCHDOG=1}
 * arrives on {@code NOTIFY_SOCKET} at least that often. The daemon sends it from the supervisor's
 * event loop ({@code Supervisor.Builder.heartbeat}), at half the period as sd_watchdog_enabled(3)
 * advises, so a loop that is stuck or dead stops the pings even while the JVM still answers.
 */
final class Watchdog {
    private Watchdog() {
    }

    /** The ping interval {@code env} asks for, or empty when no watchdog is set for this process. */
    static Optional<Duration> interval(Map<String, String> env) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isBlank() || env.get(SdNotify.NOTIFY_SOCKET) == null) {
            return Optional.empty();
        }
        String pid = env.get("WATCHDOG_PID");
        if (pid != null && !pid.isBlank() && !pid.trim().equals(Long.toString(ProcessHandle.current().pid()))) {
            return Optional.empty(); // meant for another process (the one that started us)
        }
        try {
            long micros = Long.parseLong(usec.trim());
            if (micros <= 0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(Math.max(20_000_000L, micros * 1000 / 2)));
        } catch (NumberFormatException e) {
            System.err.println("[velos-daemon] ignoring WATCHDOG_USEC='" + usec + "': not a number of microseconds");
            return Optional.empty();
        }
    }
}
