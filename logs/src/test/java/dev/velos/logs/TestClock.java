// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;

/** A clock the test moves by hand (no waiting a day for a daily rotation); it can also stall whoever reads it. */
final class TestClock extends Clock {
    private final ZoneId zone;
    private volatile Instant now;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    TestClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    /** From now on, reading the clock blocks until {@link #release()}: a writer stuck as on a hung disk. */
    void stall() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new TestClock(now, z);
    }

    @Override
    public Instant instant() {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return now;
    }
}
