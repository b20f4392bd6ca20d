// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test sets; every zone view of it reads the same instant. With
 * {@link Supervisor#simulateClockChange()} it moves cron schedules without waiting a minute and
 * without setting the machine's clock.
 */
final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    MovableClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(start), zone);
    }

    private MovableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId value) {
        return new MovableClock(now, value);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
