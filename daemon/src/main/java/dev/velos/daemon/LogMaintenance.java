// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The periodic tick that rotates by time and expires by age the log files nobody writes to
 * (an idle app's file would otherwise keep yesterday's lines until its next line). Time rotation
 * is by local hour or day, so one wake-up just after each local hour boundary is enough: an idle
 * daemon wakes once an hour for it, and never on the event loop (a virtual thread that only
 * sleeps; the work runs on the log writer's and compressor's threads).
 */
final class LogMaintenance implements AutoCloseable {
    private static final Duration PAST_THE_HOUR = Duration.ofSeconds(1);

    private final Thread thread;

    private LogMaintenance(Thread thread) {
        this.thread = thread;
    }

    /** Starts the tick for {@code logs}; {@code everyMs} > 0 (a test hook) replaces the hourly schedule. */
    static LogMaintenance start(AppLogs logs, Clock clock, long everyMs) {
        Thread t = Thread.ofVirtual().name("velos-log-maintenance").unstarted(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(everyMs > 0 ? Duration.ofMillis(everyMs) : untilNextHour(clock.instant(), clock.getZone()));
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    logs.maintain();
                } catch (RuntimeException e) {
                    System.getLogger(LogMaintenance.class.getName()).log(System.Logger.Level.WARNING,
                            "log maintenance failed: " + e.getMessage());
                }
            }
        });
        t.start();
        return new LogMaintenance(t);
    }

    /**
     * How long from {@code now} until just past the next local hour in {@code zone}; zones offset
     * by 30 or 45 minutes start their hours between UTC hours, which truncating the local time covers.
     */
    static Duration untilNextHour(Instant now, java.time.ZoneId zone) {
        Instant next = now.atZone(zone).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
        return Duration.between(now, next).plus(PAST_THE_HOUR);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
