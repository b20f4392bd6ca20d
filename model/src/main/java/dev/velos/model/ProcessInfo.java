// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Instant;

/**
 * A snapshot of one managed process.
 *
 * @param id                 numeric id, unique within one supervisor, never reused
 * @param spec               what it runs
 * @param status             current status
 * @param pid                pid of the current child, or of the last one when it is not running; 0 if never started
 * @param startedAt          when the current (or last) child started; {@link Instant#EPOCH} if never
 * @param uptimeMillis       how long the current child has run; 0 unless running
 * @param restartCount       respawns of this entry so far (manual and automatic)
 * @param consecutiveCrashes quick exits in a row (REFERENCE §3.3)
 * @param lastRestartAt      time of the last respawn; {@link Instant#EPOCH} if never
 * @param lastExit           how the last child ended; {@link ExitStatus#NONE} if none has
 * @param cpuPercent         CPU use of the whole process group over the last sampling interval
 * @param memoryBytes        resident memory of the whole process group at the last sample
 * @param lastRestartReason  why the last respawn happened (exit, manual, reload, memory, cron, watch, watchdog, liveness); "" if never
 * @param statusText         the app's own status line ({@code STATUS=} on NOTIFY_SOCKET); "" if none
 * @param orchestration      why it waits, its probes, its job runs, its cgroup ({@link OrchestrationInfo#NONE}: nothing)
 */
public record ProcessInfo(int id, AppSpec spec, ProcessStatus status, int pid, Instant startedAt, long uptimeMillis,
                          int restartCount, int consecutiveCrashes, Instant lastRestartAt, ExitStatus lastExit,
                          double cpuPercent, long memoryBytes, String lastRestartReason, String statusText,
                          OrchestrationInfo orchestration) {

    /** A snapshot without orchestration details (the shape every caller used before them). */
    public ProcessInfo(int id, AppSpec spec, ProcessStatus status, int pid, Instant startedAt, long uptimeMillis,
                       int restartCount, int consecutiveCrashes, Instant lastRestartAt, ExitStatus lastExit,
                       double cpuPercent, long memoryBytes, String lastRestartReason, String statusText) {
        this(id, spec, status, pid, startedAt, uptimeMillis, restartCount, consecutiveCrashes, lastRestartAt, lastExit,
                cpuPercent, memoryBytes, lastRestartReason, statusText, OrchestrationInfo.NONE);
    }

    public String name() {
        return spec.name();
    }
}
