// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.ProcessLauncher;
import dev.velos.sys.SpawnedChild;

/**
 * The one platform thread that calls posix_spawn. A spawn blocks its caller until the child has
 * exec'd (0.6-12 ms here), which must stall neither the event loop nor a virtual-thread carrier.
 * Planning (shebang read, PATH search) happens here too, off the loop.
 */
final class Spawner implements AutoCloseable {
    private final ExecutorService executor;
    private final ProcessLauncher launcher = new ProcessLauncher();
    private final LaunchPlanner planner;

    Spawner(String threadName, LaunchPlanner planner) {
        this.planner = planner;
        this.executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name(threadName).daemon(true).unstarted(r));
    }

    /** Plans and spawns {@code spec}; the future fails with a {@link SupervisorException} that says what to fix. */
    CompletableFuture<SpawnedChild> spawn(AppSpec spec) {
        return CompletableFuture.supplyAsync(() -> {
            var request = planner.plan(spec);
            try {
                return launcher.spawn(request);
            } catch (ErrnoException e) {
                throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': cannot start "
                        + request.executable() + ": " + e.errno() + " (" + e.getMessage() + ")", e);
            }
        }, executor);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        launcher.close();
    }
}
