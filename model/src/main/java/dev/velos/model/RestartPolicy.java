// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;

/**
 * When and how fast a process is restarted, and how long a stop waits before SIGKILL
 * (REFERENCE §3.1, §3.4).
 *
 * @param autorestart  restart after the process exits on its own
 * @param maxRestarts  consecutive quick exits that mark a crash loop ({@code errored}); -1 = unlimited
 * @param minUptime    a run shorter than this counts as a quick exit
 * @param restartDelay fixed delay before an automatic restart
 * @param expBackoff   grow the delay exponentially with consecutive quick exits
 * @param killTimeout  grace period between SIGTERM and SIGKILL on stop
 */
public record RestartPolicy(boolean autorestart, int maxRestarts, Duration minUptime, Duration restartDelay,
                            boolean expBackoff, Duration killTimeout) {
    public static final int UNLIMITED = -1;
    public static final RestartPolicy DEFAULT = new RestartPolicy(true, 15, Duration.ofMillis(1000), Duration.ZERO,
            false, Duration.ofMillis(5000));

    private static final long BACKOFF_BASE_MILLIS = 100;
    private static final long BACKOFF_CAP_MILLIS = 15_000;
    private static final int BACKOFF_MAX_SHIFT = 20;

    public RestartPolicy {
        Checks.require(maxRestarts >= UNLIMITED, "max_restarts must be >= -1, got " + maxRestarts);
        Checks.nonNegative("min_uptime", minUptime);
        Checks.nonNegative("restart_delay", restartDelay);
        Checks.nonNegative("kill_timeout", killTimeout);
    }

    /**
     * The delay before an automatic restart after {@code consecutiveCrashes} quick exits
     * (REFERENCE §3.4): with backoff, {@code base * 2^(cc-1)} capped at 15 s, where base is the
     * restart delay or 100 ms; otherwise the plain restart delay. A crash after a stable run
     * (cc = 0) always uses the plain delay.
     */
    public Duration delayAfter(int consecutiveCrashes) {
        if (!expBackoff || consecutiveCrashes <= 0) {
            return restartDelay;
        }
        long base = restartDelay.isZero() ? BACKOFF_BASE_MILLIS : restartDelay.toMillis();
        int shift = Math.min(consecutiveCrashes - 1, BACKOFF_MAX_SHIFT);
        long delay = base > (BACKOFF_CAP_MILLIS >> shift) ? BACKOFF_CAP_MILLIS : Math.min(base << shift, BACKOFF_CAP_MILLIS);
        return Duration.ofMillis(delay);
    }

    /** Whether {@code consecutiveCrashes} quick exits mean a crash loop. */
    public boolean isCrashLoop(int consecutiveCrashes) {
        return maxRestarts >= 0 && consecutiveCrashes >= maxRestarts;
    }

    public RestartPolicy withAutorestart(boolean value) {
        return new RestartPolicy(value, maxRestarts, minUptime, restartDelay, expBackoff, killTimeout);
    }

    public RestartPolicy withMaxRestarts(int value) {
        return new RestartPolicy(autorestart, value, minUptime, restartDelay, expBackoff, killTimeout);
    }

    public RestartPolicy withMinUptime(Duration value) {
        return new RestartPolicy(autorestart, maxRestarts, value, restartDelay, expBackoff, killTimeout);
    }

    public RestartPolicy withRestartDelay(Duration value) {
        return new RestartPolicy(autorestart, maxRestarts, minUptime, value, expBackoff, killTimeout);
    }

    public RestartPolicy withExpBackoff(boolean value) {
        return new RestartPolicy(autorestart, maxRestarts, minUptime, restartDelay, value, killTimeout);
    }

    public RestartPolicy withKillTimeout(Duration value) {
        return new RestartPolicy(autorestart, maxRestarts, minUptime, restartDelay, expBackoff, value);
    }
}
