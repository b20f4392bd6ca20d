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
    private final CountDownLatch someoneStalled = new CountDownLatch(1);

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

    /** Waits until a reader is blocked by {@link #stall()} (the writer is stuck for sure, not just slow to wake). */
    void awaitStalledReader() throws InterruptedException {
        if (!someoneStalled.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("nobody read the stalled clock within 30 s");
        }
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
            if (gate.getCount() > 0) {
                someoneStalled.countDown();
            }
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return now;
    }
}
