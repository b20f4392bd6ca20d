// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Clock;

import dev.velos.model.AppSpec;
import dev.velos.model.HealthProbe;
import dev.velos.model.ProbeStatus;

/**
 * One probe (readiness or liveness) of one generation: attempts {@code initial_delay} after the
 * spawn and then every {@code period}, one at a time (an attempt still going delays the next,
 * it never overlaps it), each run off the loop by {@link ProbeExecutor} and its outcome posted
 * back here. Counts successes and failures in a row against the thresholds and tells its owner
 * when the probe's state changes. Loop thread only.
 */
final class ProbeRun {
    /** Told on the loop thread after every attempt; {@code stateChanged} when the state moved. */
    interface Listener {
        void attempted(ProbeRun run, ProbeStatus status, boolean stateChanged);
    }

    private final EventLoop loop;
    private final ProbeExecutor executor;
    private final Clock clock;
    private final AppSpec spec;
    private final HealthProbe probe;
    private final String kind;
    private final Listener listener;
    private ProbeStatus status;
    private int successesInRow;
    private TimerQueue.Timer timer;
    private boolean cancelled;

    ProbeRun(EventLoop loop, ProbeExecutor executor, Clock clock, AppSpec spec, HealthProbe probe, String kind,
             long totalFailuresSoFar, Listener listener) {
        this.loop = loop;
        this.executor = executor;
        this.clock = clock;
        this.spec = spec;
        this.probe = probe;
        this.kind = kind;
        this.listener = listener;
        this.status = new ProbeStatus(ProbeStatus.State.PENDING, "", java.time.Instant.EPOCH, 0, totalFailuresSoFar);
    }

    String kind() {
        return kind;
    }

    ProbeStatus status() {
        return status;
    }

    void start() {
        timer = loop.schedule(probe.initialDelay().toMillis(), this::attempt);
    }

    /** Stops probing; an attempt in flight is ignored when it ends. Idempotent. */
    void cancel() {
        cancelled = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void attempt() {
        timer = null;
        if (cancelled) {
            return;
        }
        executor.attempt(spec, probe.check(), probe.timeout()).whenComplete((outcome, error) -> loop.execute(() ->
                onOutcome(error != null ? new ProbeExecutor.Outcome(false, String.valueOf(error.getMessage())) : outcome)));
    }

    private void onOutcome(ProbeExecutor.Outcome outcome) {
        if (cancelled) {
            return;
        }
        ProbeStatus.State state = status.state();
        int failures = status.consecutiveFailures();
        long total = status.totalFailures();
        if (outcome.ok()) {
            failures = 0;
            successesInRow++;
            if (successesInRow >= probe.successThreshold()) {
                state = ProbeStatus.State.PASSING;
            }
        } else {
            successesInRow = 0;
            failures++;
            total++;
            if (failures >= probe.failureThreshold()) {
                state = ProbeStatus.State.FAILING;
            }
        }
        boolean changed = state != status.state();
        status = new ProbeStatus(state, outcome.detail(), clock.instant(), failures, total);
        timer = loop.schedule(probe.period().toMillis(), this::attempt);
        listener.attempted(this, status, changed); // may cancel this run (a liveness restart)
    }
}
