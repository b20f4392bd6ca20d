// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import java.util.ArrayDeque;

import dev.velos.model.AppSpec;
import dev.velos.model.JobRun;
import dev.velos.model.OrchestrationInfo;
import dev.velos.model.ProbeStatus;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;

/** One entry of the process table: its spec, status, counters and current {@link Child}. Loop thread only. */
final class ManagedProcess {
    /** What to do once a requested stop has taken the whole group down. */
    enum AfterStop { STOP, RESTART, DELETE }

    final int id;
    AppSpec spec;
    ProcessStatus status = ProcessStatus.STOPPED;
    int lastPid;
    Instant startedAt = Instant.EPOCH;
    int restartCount;
    int consecutiveCrashes;
    Instant lastRestartAt = Instant.EPOCH;
    ExitStatus lastExit = ExitStatus.NONE;
    double cpuPercent;
    long memoryBytes;
    String lastRestartReason = "";
    String statusText = "";
    FileWatcher watcher;
    long watcherToken;
    TimerQueue.Timer watchTimer;

    /** The live or dying generation; null when there is none. */
    Child child;
    /** A reload's new generation while it is not ready yet (it overlaps {@link #child}). */
    Child replacement;
    CompletableFuture<ProcessInfo> reloadWaiter;
    boolean spawning;
    /** What of the last generation left its group is being ended (Strays); the entry is busy until then. */
    boolean sweeping;
    boolean stopRequested;
    AfterStop afterStop = AfterStop.STOP;
    ExitPolicy.Decision pendingDecision;
    TimerQueue.Timer restartTimer;
    final ArrayList<CompletableFuture<ProcessInfo>> spawnWaiters = new ArrayList<>(0);

    // ---- orchestration (issue 19); all quiet for an app that uses none of it ----
    /** In the {@link StartGate}: waiting for dependencies, the start delay or a slot. */
    boolean gated;
    boolean delayDone;
    TimerQueue.Timer startDelayTimer;
    /** Holds one of the {@code max_parallel_starts} slots until it is running (or gave up). */
    boolean holdsStartSlot;
    String waitingReason = "";
    /** The last generation exited with code 0 on its own (completed_successfully). */
    boolean completedRun;
    /** Why the last spawn failed; "" after a spawn that worked. */
    String lastSpawnError = "";
    ProbeStatus readiness = ProbeStatus.NONE;
    ProbeStatus liveness = ProbeStatus.NONE;
    /** A scheduled job's last runs, oldest first; null for other apps. */
    ArrayDeque<JobRun> runs;
    /** overlap = queue: one more run once the current one ends. */
    boolean queuedRun;
    /** What asked for the next run of a job (cron, run-now, queued); "" = a plain start. */
    String nextTrigger = "";
    /** Set when a stopped or errored entry is started again: its next spawn is a start, not counted as a restart. */
    boolean startAfresh;
    /** The app's own cgroup directory, once it has one. */
    java.nio.file.Path cgroup;
    long oomKills;
    final ArrayList<CompletableFuture<ProcessInfo>> stopWaiters = new ArrayList<>(0);

    ManagedProcess(int id, AppSpec spec) {
        this.id = id;
        this.spec = spec;
    }

    String name() {
        return spec.name();
    }

    /** No child, none being spawned, no sweep, not waiting to start: a stop or restart can act at once. */
    boolean isIdle() {
        return child == null && !spawning && !sweeping && !gated;
    }

    /**
     * Ended for good: stopped or errored with nothing left to happen on its own — no process, none
     * starting or waiting to start, no restart pending or decided, and not a scheduled job (which
     * runs again at its next time). Only a command (start, restart) brings it back.
     */
    boolean hasFinished() {
        return (status == ProcessStatus.STOPPED || status == ProcessStatus.ERRORED) && isIdle() && replacement == null
                && restartTimer == null && pendingDecision == null && !stopRequested && !queuedRun
                && !spec.orchestration().schedule().isScheduled();
    }

    void cancelRestartTimer() {
        if (restartTimer != null) {
            restartTimer.cancel();
            restartTimer = null;
        }
    }

    ProcessInfo snapshot() {
        long uptime = child != null && !child.reaped && status.isAlive()
                ? TimeUnit.NANOSECONDS.toMillis(child.uptimeNanos(System.nanoTime())) : 0;
        return new ProcessInfo(id, spec, status, lastPid, startedAt, uptime, restartCount, consecutiveCrashes,
                lastRestartAt, lastExit, cpuPercent, memoryBytes, lastRestartReason, statusText, orchestrationInfo());
    }

    private OrchestrationInfo orchestrationInfo() {
        if (waitingReason.isEmpty() && readiness == ProbeStatus.NONE && liveness == ProbeStatus.NONE && runs == null
                && cgroup == null) {
            return OrchestrationInfo.NONE;
        }
        return new OrchestrationInfo(waitingReason, readiness, liveness, runs == null ? java.util.List.of() : java.util.List.copyOf(runs),
                cgroup == null ? "" : cgroup.toString(), oomKills);
    }

    /** Adds a job run, keeping the last {@link OrchestrationInfo#MAX_RUNS}. */
    void addRun(JobRun run) {
        if (runs == null) {
            runs = new ArrayDeque<>(4);
        }
        runs.addLast(run);
        while (runs.size() > OrchestrationInfo.MAX_RUNS) {
            runs.removeFirst();
        }
    }

    /** Replaces the newest run (the one in progress) with {@code run}. */
    void replaceLastRun(JobRun run) {
        if (runs != null && !runs.isEmpty()) {
            runs.removeLast();
        }
        addRun(run);
    }

    static void completeAll(ArrayList<CompletableFuture<ProcessInfo>> waiters, ProcessInfo info) {
        takeAll(waiters).forEach(f -> f.complete(info));
    }

    static void failAll(ArrayList<CompletableFuture<ProcessInfo>> waiters, Throwable error) {
        takeAll(waiters).forEach(f -> f.completeExceptionally(error));
    }

    /** Empties {@code waiters} down to no array at all: an entry waits rarely, and holds nothing between times. */
    private static List<CompletableFuture<ProcessInfo>> takeAll(ArrayList<CompletableFuture<ProcessInfo>> waiters) {
        if (waiters.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<ProcessInfo>> copy = List.copyOf(waiters);
        waiters.clear();
        waiters.trimToSize();
        return copy;
    }
}
