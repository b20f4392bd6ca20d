// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.time.ZoneId;

/**
 * Loads at start-up what the JDK would otherwise read from disk lazily, the first time it is
 * needed. Out of file descriptors (a daemon under {@code ulimit -n}, or hundreds of apps), that
 * first use fails: the time-zone rules behind every logged timestamp could not be opened, the
 * class initialisation failed for good, and the next log call on the event loop killed it with
 * NoClassDefFoundError. Read while descriptors are plentiful, they stay in memory. The same goes
 * for threads the JDK starts on first use: the virtual-thread carriers and the timer behind
 * {@code Thread.sleep} in a virtual thread. Under a process limit (a cgroup's pids.max, ulimit -u)
 * they could not be created later, and {@code velos kill} — a virtual thread that sleeps a moment
 * before shutting down — silently did nothing.
 */
final class Preload {
    private Preload() {
    }

    static void run() {
        ZoneId.systemDefault().getRules();
        ZoneId.of("UTC").getRules();
        // The JUL console handler behind System.Logger formats with the default zone: load it now too.
        System.getLogger(Preload.class.getName()).isLoggable(System.Logger.Level.DEBUG);
        startVirtualThreadMachinery();
    }

    /** Two virtual threads that sleep at once: the carriers and the delay scheduler exist from now on. */
    private static void startVirtualThreadMachinery() {
        Thread[] sleepers = new Thread[Math.max(2, Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < sleepers.length; i++) {
            sleepers[i] = Thread.ofVirtual().name("velos-preload").start(() -> {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (Thread t : sleepers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
