// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps {@code state.bin} current without letting a failed save undo a command (issue 14.10). A
 * start that succeeded has started, whatever the disk says: a save that fails (disk full,
 * read-only remount) is reported — in the daemon log once per failure streak, and as a warning in
 * the answer of every command while it lasts — and retried with backoff (0.5 s doubling to 30 s)
 * from the then-current list until it succeeds, which is logged too.
 */
final class StateSaver {
    private static final System.Logger LOG = System.getLogger(StateSaver.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** A burst of changes (a crash loop restarting many times a second) is saved once per this. */
    private static final Duration COALESCE = Duration.ofMillis(200);

    private final StateStore store;
    private final Supplier<List<StateStore.SavedApp>> snapshot;
    private final AtomicReference<String> failure = new AtomicReference<>("");
    private final AtomicBoolean retrying = new AtomicBoolean();
    private final AtomicBoolean saveScheduled = new AtomicBoolean();
    private volatile boolean closed;

    StateSaver(StateStore store, Supplier<List<StateStore.SavedApp>> snapshot) {
        this.store = store;
        this.snapshot = snapshot;
    }

    /** Saves the current list now; a failure is recorded and retried, never thrown. */
    void saveNow() {
        if (closed) {
            return;
        }
        try {
            store.saveState(snapshot.get());
            succeeded();
        } catch (DaemonException e) {
            failed(e.getMessage());
        }
    }

    /** Saves soon, coalescing bursts; the save runs on a virtual thread (callable from the loop thread). */
    void saveSoon() {
        if (saveScheduled.compareAndSet(false, true)) {
            Thread.ofVirtual().name("velos-state-save").start(() -> {
                sleep(COALESCE);
                saveScheduled.set(false);
                try {
                    saveNow();
                } catch (RuntimeException e) {
                    // The supervisor closed under us (shutdown): its last save is the shutdown's own.
                }
            });
        }
    }

    /** Why the last save failed, while the saved list is stale; empty once a save succeeded. */
    Optional<String> warning() {
        String f = failure.get();
        return f.isEmpty() ? Optional.empty() : Optional.of("the process list could not be saved (" + f
                + "); the change took effect and velos keeps retrying the save, but until it succeeds a daemon"
                + " restart would bring back an older list");
    }

    /** Stops retrying (shutdown). */
    void close() {
        closed = true;
    }

    private void succeeded() {
        if (!failure.getAndSet("").isEmpty()) {
            System.err.println("[velos-daemon] state saved again: " + store.statePath() + " is current");
        }
    }

    private void failed(String why) {
        if (failure.getAndSet(why).isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the process list: " + why + "; retrying until it works");
        }
        if (retrying.compareAndSet(false, true)) {
            Thread.ofVirtual().name("velos-state-retry").start(this::retryUntilSaved);
        }
    }

    private void retryUntilSaved() {
        Duration delay = FIRST_RETRY;
        try {
            while (!closed && !failure.get().isEmpty()) {
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay.multipliedBy(2);
                try {
                    store.saveState(snapshot.get());
                    succeeded();
                } catch (DaemonException e) {
                    failure.set(e.getMessage());
                } catch (RuntimeException e) {
                    return; // the supervisor is gone (shutdown)
                }
            }
        } finally {
            retrying.set(false);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
