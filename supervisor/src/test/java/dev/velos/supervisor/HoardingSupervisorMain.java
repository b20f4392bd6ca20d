// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.velos.model.AppSpec;
import dev.velos.model.LogLine;

/**
 * For {@link FatalErrorTest}: a supervisor with the default fatal handler whose log sink hoards
 * every line of a child that prints flat out, so the heap runs out on the loop thread. Prints
 * "still alive" and exits 0 if it is still running after 45 s (the failure the test looks for).
 * The child's last argument is {@code args[0]}, so that the test can find and stop it: apps outlive
 * a halted supervisor by design.
 */
public final class HoardingSupervisorMain {
    private HoardingSupervisorMain() {
    }

    public static void main(String[] args) {
        List<LogLine> hoard = new ArrayList<>();
        AtomicBoolean hoarding = new AtomicBoolean();
        Supervisor supervisor = Supervisor.builder().logSink(line -> {
            if (hoarding.get()) {
                hoard.add(line);
            }
        }).build();
        supervisor.start(AppSpec.of("chatty", "/usr/bin/yes", "a line the sink keeps forever, until the heap is gone",
                args[0])).join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        LockSupport.parkNanos(1); // loads and links what the wait below uses, while there is memory
        // From here on this thread allocates nothing, so the heap runs out on the loop thread, not here.
        hoarding.set(true);
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(deadline - System.nanoTime());
        }
        System.out.println("still alive with " + hoard.size() + " lines");
    }
}
