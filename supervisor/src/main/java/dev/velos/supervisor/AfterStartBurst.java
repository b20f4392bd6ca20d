// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * Runs an embedder's action once the loop has gone quiet after a burst of spawns: at least
 * {@code spawns} processes spawned, then {@code quiet} with none. The daemon passes a full GC: a
 * start of hundreds of apps leaves its garbage promoted into SerialGC's old generation, which only
 * a full collection gives back (with the daemon's heap free ratios), so without it the heap stays
 * sized for the burst's garbage for the daemon's life — most of the per-app memory (issue 15).
 *
 * <p>Nothing here is periodic: the one timer is armed by the spawn that makes the count since the
 * last run reach {@code spawns}, and is gone once the action ran, so an idle supervisor arms no
 * timer. Spawns below the count are kept, not forgotten: a crash loop's restarts add up to one run
 * per {@code spawns} restarts. Loop thread only.
 *
 * @param spawns how many spawns since the last run make a burst worth acting on (at least 1)
 * @param quiet  how long without a spawn counts as the burst being over
 * @param action what runs, on the loop thread, when a burst is over; must be quick enough to run there
 */
public record AfterStartBurst(int spawns, Duration quiet, Runnable action) {
    public AfterStartBurst {
        if (spawns < 1) {
            throw new IllegalArgumentException("spawns must be >= 1");
        }
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(action, "action");
    }

    /** The counting side, one per supervisor: fed every spawn, it arms (and re-arms) its own timer. */
    static final class Watch {
        private final EventLoop loop;
        private final AfterStartBurst policy;
        private final long quietNanos;
        private int spawnsSinceRun;
        private long lastSpawnNanos;
        private boolean armed;

        Watch(EventLoop loop, AfterStartBurst policy) {
            this.loop = loop;
            this.policy = policy;
            this.quietNanos = policy.quiet().toNanos();
        }

        /** A process was spawned (or its spawn failed: the garbage is the same). */
        void spawned() {
            spawnsSinceRun++;
            lastSpawnNanos = System.nanoTime();
            if (!armed && spawnsSinceRun >= policy.spawns()) {
                armed = true;
                loop.schedule(policy.quiet().toMillis(), this::check);
            }
        }

        /**
         * One timer per burst, pushed back while spawns go on: re-armed for the rest of the quiet
         * period after the last spawn rather than cancelled and re-created on every spawn.
         */
        private void check() {
            long sinceLast = System.nanoTime() - lastSpawnNanos;
            if (sinceLast < quietNanos) {
                loop.schedule(Math.max(1, (quietNanos - sinceLast) / 1_000_000), this::check);
                return;
            }
            armed = false;
            spawnsSinceRun = 0;
            policy.action().run();
        }
    }
}
