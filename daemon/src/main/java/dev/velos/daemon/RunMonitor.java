// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import static dev.velos.daemon.Futures.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.supervisor.ProcessListener;
import dev.velos.supervisor.Supervisor;

/**
 * Watches {@code velos run}'s apps for its exit policy ({@link RunExitPolicy}): after every
 * lifecycle event, and at least every quarter second (an app's end is final only once its process
 * group is gone, which no event announces), it asks the supervisor which apps have ended and, once
 * the policy says so, stops the others (dependents first) and has velos exit with the policy's
 * code. The supervisor's listener only wakes the watcher's own thread: nothing here runs on the
 * event loop, which must never wait for its own answers.
 */
final class RunMonitor implements ProcessListener {
    private static final long TICK_MS = 250;

    private final RunExitPolicy policy;
    private final Semaphore wake = new Semaphore(0);
    /** The watcher's thread only: apps that have ended, in the order they did. */
    private final List<RunExitPolicy.Ended> ended = new ArrayList<>();
    private volatile boolean stopping;
    private volatile Integer decided;
    /** The first failing code among the apps that ended before a stop from outside (a signal, velos kill). */
    private volatile int firstFailure;

    RunMonitor(RunExitPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void onEvent(ProcessEvent event) {
        wake.release();
    }

    @Override
    public void onOrchestrationEvent(OrchestrationEvent event) {
        wake.release();
    }

    /** Watches {@code supervisor} on a thread of its own until the policy decides or a stop begins; then {@code stopAll}. */
    void start(Supervisor supervisor, Runnable stopAll) {
        Thread.ofPlatform().daemon().name("velos-run-exit").start(() -> {
            try {
                while (!stopping) {
                    wake.tryAcquire(TICK_MS, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    if (!stopping && check(supervisor)) {
                        stopAll.run();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // The supervisor is closing under us (a stop from outside): nothing left to decide.
            }
        });
    }

    /** Notes the apps that ended since the last look; true once the policy says to exit. */
    private boolean check(Supervisor supervisor) {
        List<ProcessInfo> all = await(supervisor.list());
        List<ProcessInfo> finished = await(supervisor.finished());
        List<String> finishedNames = finished.stream().map(ProcessInfo::name).toList();
        ended.removeIf(e -> !finishedNames.contains(e.name())); // started again by a command meanwhile
        for (ProcessInfo app : finished) {
            if (ended.stream().noneMatch(e -> e.name().equals(app.name()))) {
                ended.add(new RunExitPolicy.Ended(app.name(), RunExitPolicy.codeOf(app)));
            }
        }
        firstFailure = ended.stream().mapToInt(RunExitPolicy.Ended::code).filter(c -> c != 0).findFirst().orElse(0);
        Optional<Integer> code = policy.decide(all.stream().map(ProcessInfo::name).toList(), List.copyOf(ended));
        if (code.isEmpty() || stopping) {
            return false;
        }
        decided = code.get();
        stopping = true;
        System.err.println("[velos-daemon] velos run: exit policy '" + policy + "' is met (" + describe() + "): stopping"
                + " what still runs, then exiting with " + decided);
        return true;
    }

    private String describe() {
        return String.join(", ", ended.stream().map(e -> "'" + e.name() + "' ended" + (e.code() == 0 ? "" : " with " + e.code()))
                .toList());
    }

    /** A stop began (the policy's, a signal, velos kill): the watcher stops deciding. */
    void stopping() {
        stopping = true;
        wake.release();
    }

    /** The policy's code, or — stopped from outside — the first failure seen before, else 0. */
    int exitCode() {
        Integer code = decided;
        return code != null ? code : firstFailure;
    }

    /** velos run cannot go on (its apps did not start): it exits with {@code code}. */
    void fail(int code) {
        decided = code;
        stopping = true;
    }
}
