// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

import dev.velos.sys.linux.ProcEnviron;

/**
 * The one owner of "the processes carrying an app's marker" (issue 14.11): every child starts
 * with {@code VELOS_APP=<name>@<scope>} (LaunchPlanner), its descendants inherit it wherever
 * they go, so when an app is stopped, deleted or respawned, whatever of it left the process
 * group is found by the marker ({@link MarkerScanner}, off the loop) and ended ({@link StraySweep},
 * on the loop). Loop thread only, except where noted.
 */
final class Strays {
    private final EventLoop loop;
    private final LaunchPlanner planner;
    private final MarkerScanner scanner;
    /** For re-reading a candidate's environ before it is signalled; used on the loop thread only. */
    private final ProcEnviron environ = new ProcEnviron();

    Strays(EventLoop loop, LaunchPlanner planner, MarkerScanner scanner) {
        this.loop = loop;
        this.planner = planner;
        this.scanner = scanner;
    }

    /**
     * Ends every process carrying {@code entry}'s marker, then runs {@code then} on the loop. The
     * entry counts as busy meanwhile ({@link ManagedProcess#sweeping}), so nothing respawns it
     * under the sweep; call it only once no generation of the entry is meant to live.
     */
    void sweep(ManagedProcess entry, Runnable then) {
        String marker = planner.marker(entry.name());
        entry.sweeping = true;
        end(marker::equals, marked -> true, "process '" + entry.name() + "'", entry.spec.restart().killTimeout().toMillis(), count -> {
            entry.sweeping = false;
            then.run();
        });
    }

    /**
     * Ends every process carrying a marker of this supervisor's scope that {@code stray} accepts
     * (given the app's name and the process's pid); completes with how many there were.
     * {@code stray} runs on the loop thread.
     */
    CompletableFuture<Integer> sweepAll(java.util.function.BiPredicate<String, Integer> stray, long killTimeoutMillis) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        String suffix = planner.marker("");
        Predicate<String> ofThisScope = value -> value.endsWith(suffix);
        end(ofThisScope, marked -> stray.test(marked.value().substring(0, marked.value().length() - suffix.length()),
                marked.pid()), "leftovers", killTimeoutMillis, result::complete);
        return result;
    }

    /** Scans (off the loop) with {@code wanted}, then on the loop ends those {@code stillWanted} accepts. */
    private void end(Predicate<String> wanted, Predicate<ProcEnviron.Marked> stillWanted, String what, long killTimeoutMillis,
                     IntConsumer done) {
        scanner.scan(wanted).thenAccept(found -> loop.execute(() -> {
            int[] ended = new int[1];
            StraySweep sweep = new StraySweep(loop, what, killTimeoutMillis, () -> done.accept(ended[0]));
            try {
                for (ProcEnviron.Marked marked : found) {
                    if (stillWanted.test(marked) && sweep.end(marked.pid(), marked.value(), environ)) {
                        ended[0]++;
                    }
                }
            } finally {
                sweep.start(); // whatever happened above, the entry waiting on this sweep must move on
            }
        }));
    }
}
