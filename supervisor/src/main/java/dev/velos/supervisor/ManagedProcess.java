// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.velos.model.AppSpec;
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
    final ArrayList<CompletableFuture<ProcessInfo>> stopWaiters = new ArrayList<>(0);

    ManagedProcess(int id, AppSpec spec) {
        this.id = id;
        this.spec = spec;
    }

    String name() {
        return spec.name();
    }

    /** No child, none being spawned, no sweep: a stop or restart can act at once. */
    boolean isIdle() {
        return child == null && !spawning && !sweeping;
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
                lastRestartAt, lastExit, cpuPercent, memoryBytes, lastRestartReason, statusText);
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
