// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedder's action after a start burst (the daemon's one-shot full GC, issue 15): it runs once
 * when a burst of enough spawns has gone quiet, never for a small start, and leaves no timer behind,
 * so an idle supervisor stays without one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AfterStartBurstTest {

    private static List<AppSpec> sleepers(String prefix, int count) {
        List<AppSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(Procs.sh(prefix + i, "sleep 30", Procs.NO_RESTART));
        }
        return specs;
    }

    @Test
    void runsOnceAfterABurstHasGoneQuietAndArmsNothingAfterwards() {
        AtomicInteger runs = new AtomicInteger();
        try (Supervisor supervisor = Supervisor.builder()
                .afterStartBurst(new AfterStartBurst(5, Duration.ofMillis(200), runs::incrementAndGet)).build()) {
            supervisor.startAll(sleepers("burst", 8)).join();

            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.pendingTimers().join() == 0);
            assertThat(runs).hasValue(1);

            // A start below the burst size arms nothing: the count starts again from zero after a run.
            supervisor.startAll(sleepers("small", 3)).join();
            assertThat(supervisor.pendingTimers().join()).isZero();
            assertThat(runs).hasValue(1);

            // Two more make five since the run: a burst again.
            supervisor.startAll(sleepers("more", 2)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
        }
    }

    @Test
    void aStartBelowTheBurstSizeNeverArmsIt() {
        AtomicInteger runs = new AtomicInteger();
        try (Supervisor supervisor = Supervisor.builder()
                .afterStartBurst(new AfterStartBurst(50, Duration.ofMillis(10), runs::incrementAndGet)).build()) {
            supervisor.startAll(sleepers("few", 10)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.pendingTimers().join() == 0);
            assertThat(runs).hasValue(0);
        }
    }

    @Test
    void aBurstSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> new AfterStartBurst(0, Duration.ofSeconds(1), () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
