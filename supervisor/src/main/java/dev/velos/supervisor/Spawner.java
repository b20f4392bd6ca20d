// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.sys.CallState;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;
import dev.velos.sys.ProcessLauncher;
import dev.velos.sys.Sockets;
import dev.velos.sys.SpawnRequest;
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
    /** The spawner thread's own call state (one thread uses it). */
    private final CallState cs = CallState.open();
    /** The fd number the child sees its channel end at, and the variable that names it (REFERENCE §4). */
    static final int CHANNEL_FD = 3;
    static final String IPC_FD_VARIABLE = "VELOS_IPC_FD";

    Spawner(String threadName, LaunchPlanner planner) {
        this.planner = planner;
        this.executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name(threadName).daemon(true).unstarted(r));
    }

    /** A started child and, when its spec asks for one, the daemon's end of its channel. */
    record Launched(SpawnedChild child, Optional<Fd> channel) {
    }

    /** Plans and spawns {@code spec}; the future fails with a {@link SupervisorException} that says what to fix. */
    CompletableFuture<Launched> spawn(AppSpec spec) {
        return CompletableFuture.supplyAsync(() -> {
            SpawnRequest request = planner.plan(spec);
            if (!spec.ready().needsChannel()) {
                return new Launched(launch(spec, request), Optional.empty());
            }
            Sockets.Pair pair = Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC);
            try {
                List<String> env = new ArrayList<>(request.env());
                env.removeIf(e -> e.startsWith(IPC_FD_VARIABLE + "="));
                env.add(IPC_FD_VARIABLE + "=" + CHANNEL_FD);
                SpawnedChild child = launch(spec, new SpawnRequest(request.executable(), request.argv(), env, request.cwd(),
                        Map.of(CHANNEL_FD, pair.second())));
                pair.second().close(cs);
                Fds.setNonBlocking(cs, pair.first().value());
                return new Launched(child, Optional.of(pair.first()));
            } catch (RuntimeException e) {
                pair.close();
                throw e;
            }
        }, executor);
    }

    private SpawnedChild launch(AppSpec spec, SpawnRequest request) {
        try {
            return launcher.spawn(request);
        } catch (ErrnoException e) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': cannot start "
                    + request.executable() + ": " + e.errno() + " (" + e.getMessage() + ")", e);
        }
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
        cs.close();
    }
}
