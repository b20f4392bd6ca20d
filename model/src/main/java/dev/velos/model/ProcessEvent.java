// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;
import java.time.Instant;

/** Lifecycle events a supervisor reports to its listeners, in the order they happen. */
public sealed interface ProcessEvent {
    int id();

    String name();

    Instant at();

    /** A child was spawned ({@code restart} = it replaced an earlier one of this entry). */
    record Started(int id, String name, Instant at, int pid, boolean restart) implements ProcessEvent {
    }

    /** The child exited; its output has been drained. */
    record Exited(int id, String name, Instant at, int pid, ExitStatus exit, boolean stopRequested) implements ProcessEvent {
    }

    /** The child declared itself ready on its channel, or the listen timeout passed ({@code timedOut}). */
    record Ready(int id, String name, Instant at, boolean timedOut) implements ProcessEvent {
    }

    /** A running child is replaced because of {@code reason}: memory, cron, watch, watchdog, liveness (or a job's trigger). */
    record TriggeredRestart(int id, String name, Instant at, String reason) implements ProcessEvent {
    }

    /** An automatic restart will happen after {@code delay}. */
    record RestartScheduled(int id, String name, Instant at, Duration delay, int consecutiveCrashes) implements ProcessEvent {
    }

    /** Too many quick exits in a row: the entry is {@code errored} and will not be restarted automatically. */
    record CrashLoop(int id, String name, Instant at, int consecutiveCrashes) implements ProcessEvent {
    }

    /** Spawning failed; the entry is {@code errored}. */
    record SpawnFailed(int id, String name, Instant at, String message) implements ProcessEvent {
    }

    /** A stop request completed: the whole process group is gone. */
    record Stopped(int id, String name, Instant at) implements ProcessEvent {
    }

    /** The entry was removed. */
    record Deleted(int id, String name, Instant at) implements ProcessEvent {
    }
}
