// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import dev.velos.supervisor.AfterStartBurst;
import java.time.Duration;

/**
 * One full GC when the supervisor's loop goes quiet after a start burst (issue 15, per-app memory).
 *
 * <p>Why: starting hundreds of apps makes tens of MiB of short-lived garbage (decoded requests,
 * spawn arguments, /proc reads) faster than SerialGC's young generation turns over, so much of it
 * is promoted, and the old generation grows to hold it. Young collections never shrink it; a full
 * collection does, and with bin/velos's {@code -XX:MaxHeapFreeRatio} and
 * {@code -XX:-ShrinkHeapInSteps} it gives the committed memory back in one go (measured: 1,000
 * apps, 33 KiB/app without, 15 KiB/app after it). It is not periodic — an idle daemon never runs
 * it — and it runs at most once per {@link #SPAWNS} spawns (a crash loop's restarts count too).
 */
final class HeapCompaction {
    /** A burst: fewer spawns leave too little garbage to be worth a full collection. */
    static final int SPAWNS = 20;
    /** No spawn for this long: the burst is over (a start of 1,000 apps spawns one every few ms). */
    static final Duration QUIET = Duration.ofSeconds(2);

    private HeapCompaction() {
    }

    static AfterStartBurst policy() {
        return new AfterStartBurst(SPAWNS, QUIET, HeapCompaction::collect);
    }

    // A stop-the-world full GC of a heap of a few tens of MiB: tens of ms, on the loop thread, once per burst.
    @SuppressWarnings("java:S1215") // an explicit GC is the point here, see the class comment
    private static void collect() {
        System.gc();
    }
}
