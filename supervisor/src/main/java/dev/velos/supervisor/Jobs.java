// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;

import dev.velos.model.ExitStatus;
import dev.velos.model.JobRun;
import dev.velos.model.OrchestrationEvent;

/**
 * Scheduled jobs ({@code cron} with {@code overlap}): what a firing or a run-now does, and each
 * run's record (trigger, start, end, exit; the last 20 kept). Loop thread only.
 */
final class Jobs {
    private static final System.Logger LOG = System.getLogger(Jobs.class.getName());

    /** What a firing does to the table. */
    interface Table {
        void emit(OrchestrationEvent event);

        /** Starts {@code entry} (through the start gate: its dependencies apply). */
        void start(ManagedProcess entry);

        /** Stops the running generation gracefully and starts a new one (overlap = replace). */
        void replace(ManagedProcess entry, String trigger);
    }

    private final Clock clock;
    private final Table table;

    Jobs(Clock clock, Table table) {
        this.clock = clock;
        this.table = table;
    }

    /**
     * A firing ({@code trigger} = cron, run-now): start the job if it is not running — also after
     * it exited, whatever its restart policy — else do what its {@code overlap} says.
     */
    void fire(ManagedProcess entry, String trigger) {
        boolean going = !entry.isIdle() || entry.status.isAlive() || entry.restartTimer != null;
        if (!going) {
            entry.cancelRestartTimer();
            entry.nextTrigger = trigger;
            entry.consecutiveCrashes = 0;
            report(entry, trigger, "started");
            table.start(entry);
            return;
        }
        if (entry.gated) {
            report(entry, trigger, "waiting"); // already on its way
            return;
        }
        switch (entry.spec.orchestration().schedule().overlap()) {
            case SKIP -> {
                entry.addRun(new JobRun(trigger, "skipped", clock.instant(), Instant.EPOCH, ExitStatus.NONE));
                LOG.log(Level.INFO, "job ''{0}'' is still running; this {1} run is skipped (overlap = skip)", entry.name(), trigger);
                report(entry, trigger, "skipped");
            }
            case QUEUE -> {
                entry.queuedRun = true;
                report(entry, trigger, "queued");
            }
            case REPLACE -> {
                entry.nextTrigger = trigger;
                report(entry, trigger, "replaced");
                entry.cancelRestartTimer();
                table.replace(entry, trigger);
            }
        }
    }

    private void report(ManagedProcess entry, String trigger, String action) {
        table.emit(new OrchestrationEvent.ScheduledRun(entry.id, entry.name(), clock.instant(), trigger, action));
    }

    /** A new generation of {@code entry} started at {@code at}: a job's run begins. */
    void started(ManagedProcess entry, Instant at) {
        if (entry.spec.orchestration().schedule().isScheduled()) {
            entry.addRun(new JobRun(takeTrigger(entry), "running", at, Instant.EPOCH, ExitStatus.NONE));
        } else {
            entry.nextTrigger = "";
        }
    }

    /** The generation of a job's running run exited. */
    void ended(ManagedProcess entry, ExitStatus exit) {
        if (entry.runs == null) {
            return;
        }
        // The run in progress is the newest "running" one, not always the newest entry: a firing
        // skipped while it ran (overlap = skip) was recorded after it.
        java.util.List<JobRun> runs = new java.util.ArrayList<>(entry.runs);
        for (int i = runs.size() - 1; i >= 0; i--) {
            JobRun run = runs.get(i);
            if (run.outcome().equals("running")) {
                runs.set(i, new JobRun(run.trigger(), "ran", run.start(), clock.instant(), exit));
                entry.runs.clear();
                entry.runs.addAll(runs);
                return;
            }
        }
    }

    /** A job's run could not be spawned. */
    void failed(ManagedProcess entry) {
        if (entry.spec.orchestration().schedule().isScheduled()) {
            entry.addRun(new JobRun(takeTrigger(entry), "failed", clock.instant(), clock.instant(), ExitStatus.NONE));
        }
    }

    /** overlap = queue: whether a run waited for the last one to end (and is now due). */
    static boolean takeQueued(ManagedProcess entry) {
        if (!entry.queuedRun) {
            return false;
        }
        entry.queuedRun = false;
        entry.nextTrigger = "queued";
        return true;
    }

    private static String takeTrigger(ManagedProcess entry) {
        String trigger = entry.nextTrigger.isEmpty() ? (entry.lastRestartReason.isEmpty() ? "start" : entry.lastRestartReason)
                : entry.nextTrigger;
        entry.nextTrigger = "";
        return trigger;
    }
}
