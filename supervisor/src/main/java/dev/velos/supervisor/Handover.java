// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.velos.model.ErrorCode;
import dev.velos.sys.Fd;

/**
 * A hand-over in progress ({@link Supervisor#beginHandover}): the exported table and the fds it
 * indexes, while the supervisor's event loop is parked — it reads, reaps, restarts and signals
 * nothing until {@link #commit} or {@link #abort}. Send the manifest and the fds to the successor
 * (SCM_RIGHTS copies them, {@link HandoverChannel}), wait for its word, then commit (this
 * supervisor lets go of everything and is closed, every app untouched) or abort (it resumes as if
 * nothing happened: the successor failed, the apps stay with the old supervisor). If neither comes
 * within the timeout given to beginHandover, the supervisor aborts by itself.
 */
public final class Handover {
    private final HandoverManifest manifest;
    private final List<Fd> fds;
    private final CompletableFuture<Boolean> decision;
    private final CompletableFuture<Void> settled;
    private final Runnable afterCommit;

    Handover(HandoverManifest manifest, List<Fd> fds, CompletableFuture<Boolean> decision, CompletableFuture<Void> settled,
             Runnable afterCommit) {
        this.manifest = manifest;
        this.fds = List.copyOf(fds);
        this.decision = decision;
        this.settled = settled;
        this.afterCommit = afterCommit;
    }

    public HandoverManifest manifest() {
        return manifest;
    }

    /** The fds the manifest's {@code fd} fields index, in order; still this supervisor's until {@link #commit}. */
    public List<Fd> fds() {
        return fds;
    }

    /**
     * The successor has taken over: this supervisor closes its copies of every fd, forgets its
     * table and shuts its threads down, without stopping or signalling any app. Blocks until done.
     * Fails if the hand-over had already timed out (the supervisor then resumed and still owns its apps).
     */
    public void commit() {
        if (!decision.complete(true) && !decision.join()) {
            throw new SupervisorException(ErrorCode.CLOSED, "the hand-over timed out before it was committed; this supervisor "
                    + "resumed and still supervises its apps");
        }
        settled.join();
        afterCommit.run();
    }

    /** The successor failed: the supervisor resumes where it stopped, nothing lost. Idempotent. */
    public void abort() {
        decision.complete(false);
        settled.join();
    }
}
