// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Clock;

import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProbeStatus;

/**
 * Runs a generation's readiness and liveness probes ({@link ProbeRun}) and turns their outcomes
 * into what they mean for the entry: readiness passing makes a starting generation ready (or
 * completes a reload), liveness failing past its threshold asks for a restart. Keeps the entry's
 * probe figures for {@code info}. Loop thread only.
 */
final class Probing {
    /** What a probe's verdict does to the table. */
    interface Table {
        void emit(OrchestrationEvent event);

        /** The current generation passed its readiness probe while starting. */
        void ready(ManagedProcess entry, Child child);

        /** A reload's new generation passed its readiness probe. */
        void replacementReady(ManagedProcess entry, Child child);

        /** The current generation failed its liveness probe past the threshold. */
        void livenessFailed(ManagedProcess entry, Child child, ProbeStatus status);
    }

    private final EventLoop loop;
    private final ProbeExecutor executor;
    private final Clock clock;
    private final Table table;

    Probing(EventLoop loop, ProbeExecutor executor, Clock clock, Table table) {
        this.loop = loop;
        this.executor = executor;
        this.clock = clock;
        this.table = table;
    }

    /** Starts the probes of a new generation, if its spec has them. */
    void start(ManagedProcess entry, Child child) {
        var orchestration = entry.spec.orchestration();
        // Failure totals run over every generation of the entry (velos_probe_failures_total).
        long readinessFailures = entry.readiness.totalFailures();
        long livenessFailures = entry.liveness.totalFailures();
        boolean current = child.role == Child.Role.CURRENT; // a reload's replacement shows once it is the entry's child
        if (current) {
            entry.readiness = ProbeStatus.NONE;
            entry.liveness = ProbeStatus.NONE;
        }
        if (orchestration.readiness().isEnabled()) {
            child.readinessProbe = new ProbeRun(loop, executor, clock, entry.spec, orchestration.readiness(), "readiness",
                    readinessFailures, (run, status, changed) -> attempted(entry, child, run, status, changed));
            if (current) {
                entry.readiness = child.readinessProbe.status();
            }
            child.readinessProbe.start();
        }
        if (orchestration.liveness().isEnabled()) {
            child.livenessProbe = new ProbeRun(loop, executor, clock, entry.spec, orchestration.liveness(), "liveness",
                    livenessFailures, (run, status, changed) -> attempted(entry, child, run, status, changed));
            if (current) {
                entry.liveness = child.livenessProbe.status();
            }
            child.livenessProbe.start();
        }
    }

    private void attempted(ManagedProcess entry, Child child, ProbeRun run, ProbeStatus status, boolean changed) {
        boolean current = entry.child == child && child.role == Child.Role.CURRENT;
        boolean readiness = run == child.readinessProbe;
        if (current) {
            if (readiness) {
                entry.readiness = status;
            } else {
                entry.liveness = status;
            }
        }
        if (changed) {
            table.emit(new OrchestrationEvent.ProbeChanged(entry.id, entry.name(), clock.instant(), run.kind(), status));
        }
        if (child.reaped || !changed) {
            return;
        }
        if (readiness && status.state() == ProbeStatus.State.PASSING) {
            if (child.role == Child.Role.REPLACEMENT) {
                table.replacementReady(entry, child);
            } else if (current) {
                table.ready(entry, child);
            }
        } else if (!readiness && status.state() == ProbeStatus.State.FAILING && current) {
            table.livenessFailed(entry, child, status);
        }
    }
}
