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
    static final String NOTIFY_VARIABLE = "NOTIFY_SOCKET";
    /** A Node app's second channel, Node's own IPC pipe ({@link NodeMessages}), and the variables Node reads. */
    static final int NODE_CHANNEL_FD = 4;
    static final String NODE_FD_VARIABLE = "NODE_CHANNEL_FD";
    static final String NODE_SERIALIZATION_VARIABLE = "NODE_CHANNEL_SERIALIZATION_MODE";
    /** Set by the supervisor alone: an app's env (or the base) cannot point a child at fds it does not have. */
    private static final List<String> CHANNEL_VARIABLES = List.of(IPC_FD_VARIABLE, NOTIFY_VARIABLE, "WATCHDOG_USEC",
            NODE_FD_VARIABLE, NODE_SERIALIZATION_VARIABLE);
    private final java.nio.file.Path notifyDirectory;
    private long notifyCounter;
    /** Every app in a cgroup of its own, not only those with limits. */
    private final boolean cgroupPerApp;
    private final String cgroupName;
    /** Found on the first app that needs a cgroup; read and written on the spawner thread only. */
    private CgroupTree.Detection cgroups;

    Spawner(String threadName, LaunchPlanner planner, java.nio.file.Path notifyDirectory) {
        this(threadName, planner, notifyDirectory, false, "velos");
    }

    Spawner(String threadName, LaunchPlanner planner, java.nio.file.Path notifyDirectory, boolean cgroupPerApp,
            String cgroupName) {
        this.planner = planner;
        this.notifyDirectory = notifyDirectory;
        this.cgroupPerApp = cgroupPerApp;
        this.cgroupName = cgroupName;
        this.executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name(threadName).daemon(true).unstarted(r));
    }

    /** A child's {@code NOTIFY_SOCKET}: the bound datagram socket and its path. */
    record NotifyEndpoint(Fd fd, java.nio.file.Path path) {
    }

    /**
     * A started child and, when its spec asks for them, the daemon's end of its channel, of its
     * Node IPC channel (Node apps only) and its notify socket.
     */
    record Launched(SpawnedChild child, Optional<Fd> channel, Optional<Fd> nodeChannel, Optional<NotifyEndpoint> notifyEndpoint,
                    Optional<java.nio.file.Path> cgroup) {
        /** Closes the channels and the notify socket of a child nobody will listen to. */
        void discardChannels(dev.velos.sys.CallState cs) {
            channel.ifPresent(fd -> fd.close(cs));
            nodeChannel.ifPresent(fd -> fd.close(cs));
            notifyEndpoint.ifPresent(n -> {
                n.fd().close(cs);
                n.path().toFile().delete();
            });
        }
    }

    /** Plans and spawns {@code spec}; the future fails with a {@link SupervisorException} that says what to fix. */
    CompletableFuture<Launched> spawn(AppSpec spec) {
        return CompletableFuture.supplyAsync(() -> launch(spec), executor);
    }

    /**
     * Spawns {@code specs} in order, in one task of the spawner thread: one future per spec,
     * completed as it is spawned, and {@code ready} told which futures {@code [from, to)} have
     * completed since the last call — every {@value #CHUNK_SPAWNS} spawns or {@value #CHUNK_MILLIS}
     * ms, whichever comes first, and at the end. So a batch of 1,000 costs the loop a few dozen
     * wake-ups instead of 1,000 round trips, while the first children's output is still read
     * within milliseconds (their pipes hold 1 MiB meanwhile).
     */
    List<CompletableFuture<Launched>> spawnAll(List<AppSpec> specs, ChunkListener ready) {
        List<CompletableFuture<Launched>> futures = new ArrayList<>(specs.size());
        specs.forEach(s -> futures.add(new CompletableFuture<>()));
        executor.execute(() -> {
            int reported = 0;
            long chunkStart = System.nanoTime();
            for (int i = 0; i < specs.size(); i++) {
                try {
                    futures.get(i).complete(launch(specs.get(i)));
                } catch (RuntimeException | Error e) {
                    futures.get(i).completeExceptionally(e);
                }
                boolean last = i == specs.size() - 1;
                if (last || i + 1 - reported >= CHUNK_SPAWNS || System.nanoTime() - chunkStart >= CHUNK_MILLIS * 1_000_000L) {
                    ready.completed(reported, i + 1);
                    reported = i + 1;
                    chunkStart = System.nanoTime();
                }
            }
        });
        return futures;
    }

    private static final int CHUNK_SPAWNS = 64;
    private static final long CHUNK_MILLIS = 10;

    /** Told, on the spawner thread, that the futures {@code [from, to)} of a batch have completed. */
    @FunctionalInterface
    interface ChunkListener {
        void completed(int from, int to);
    }

    /**
     * Plans and spawns a side command (an exec probe, a hook) on the spawner thread; the future
     * fails with a {@link SupervisorException} when it cannot start.
     */
    CompletableFuture<SpawnedChild> spawnCommand(java.util.function.Supplier<SpawnRequest> plan) {
        return CompletableFuture.supplyAsync(() -> {
            SpawnRequest request = plan.get();
            try {
                return launcher.spawn(request);
            } catch (ErrnoException e) {
                throw new SupervisorException(ErrorCode.SPAWN_FAILED, "cannot start " + request.executable() + ": "
                        + e.errno() + " (" + e.getMessage() + ")", e);
            }
        }, executor);
    }

    /**
     * The cgroup {@code spec} runs in: its own when it asks for limits (or every app has one),
     * none otherwise. A limit this host cannot honour is a {@code SPAWN_FAILED} here, before
     * anything is spawned, never a silent no-op.
     */
    private Optional<java.nio.file.Path> cgroupFor(AppSpec spec) {
        var limits = spec.orchestration().limits();
        if (!limits.any() && !cgroupPerApp) {
            return Optional.empty();
        }
        if (cgroups == null) {
            cgroups = CgroupTree.detect(cgroupName);
        }
        return switch (cgroups) {
            case CgroupTree.Available(CgroupTree tree) -> Optional.of(tree.prepare(spec.name(), limits));
            case CgroupTree.Unavailable(String reason) -> {
                if (limits.any()) {
                    throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': "
                            + limitsText(limits) + " needs a writable cgroup v2 subtree: " + reason);
                }
                yield Optional.empty(); // cgroup per app is best effort; limits are not
            }
        };
    }

    /** The tree found on this host, if any; for removing it on close (spawner thread). */
    Optional<CgroupTree> cgroupTree() {
        return cgroups instanceof CgroupTree.Available(CgroupTree tree) ? Optional.of(tree) : Optional.empty();
    }

    private static String limitsText(dev.velos.model.ResourceLimits limits) {
        return CgroupTree.limitNames(List.copyOf(CgroupTree.controllersFor(limits)));
    }

    /** Plans, spawns and wires up the channels and notify socket {@code spec} asks for; on the spawner thread. */
    private Launched launch(AppSpec spec) {
        SpawnRequest planned = planner.plan(spec);
        Optional<Credentials> credentials = Credentials.of(spec);
        Optional<java.nio.file.Path> cgroup = cgroupFor(spec);
        List<ExecTrampoline.Step> steps = new ArrayList<>(2);
        cgroup.ifPresent(dir -> steps.add(new ExecTrampoline.EnterCgroup(dir)));
        credentials.ifPresent(c -> steps.add(c.step()));
        SpawnRequest request = credentials.map(c -> c.withUserEnvironment(planned, spec.env())).orElse(planned);
        if (!spec.ready().needsChannel()) {
            return new Launched(launchPlanned(spec, ExecTrampoline.wrap(request, steps)), Optional.empty(), Optional.empty(),
                    Optional.empty(), cgroup);
        }
        List<Sockets.Pair> pairs = new ArrayList<>(2);
        Optional<NotifyEndpoint> notify = Optional.empty();
        try {
            Map<Integer, Fd> extraFds = new java.util.TreeMap<>();
            List<String> env = new ArrayList<>(request.env());
            env.removeIf(e -> CHANNEL_VARIABLES.stream().anyMatch(v -> e.startsWith(v + "=")));
            pairs.add(Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC));
            extraFds.put(CHANNEL_FD, pairs.getFirst().second());
            env.add(IPC_FD_VARIABLE + "=" + CHANNEL_FD);
            if (runsNode(request)) {
                pairs.add(Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC));
                extraFds.put(NODE_CHANNEL_FD, pairs.get(1).second());
                env.add(NODE_FD_VARIABLE + "=" + NODE_CHANNEL_FD);
                env.add(NODE_SERIALIZATION_VARIABLE + "=json");
            }
            if (spec.ready().waitReady()) {
                notify = Optional.of(notifySocket());
                if (credentials.isPresent()) {
                    shareWith(notify.get().path(), credentials.get().uid());
                }
                env.add(NOTIFY_VARIABLE + "=" + notify.get().path());
                if (!spec.ready().watchdog().isZero()) {
                    env.add("WATCHDOG_USEC=" + spec.ready().watchdog().toNanos() / 1000);
                }
            }
            SpawnedChild child = launchPlanned(spec, ExecTrampoline.wrap(new SpawnRequest(request.executable(), request.argv(),
                    env, request.cwd(), extraFds), steps));
            List<Fd> ours = new ArrayList<>(2);
            for (Sockets.Pair pair : pairs) {
                pair.second().close(cs);
                Fds.setNonBlocking(cs, pair.first().value());
                ours.add(pair.first());
            }
            return new Launched(child, Optional.of(ours.getFirst()), ours.size() > 1 ? Optional.of(ours.get(1)) : Optional.empty(),
                    notify, cgroup);
        } catch (RuntimeException e) {
            pairs.forEach(Sockets.Pair::close);
            notify.ifPresent(n -> {
                n.fd().close(cs);
                n.path().toFile().delete();
            });
            throw e;
        }
    }

    /**
     * Whether the program is Node itself (an explicit or detected {@code node} interpreter, or
     * {@code node} as the command): only Node reads {@code NODE_CHANNEL_FD}. Not {@code npx tsx}
     * and the like: npx is a Node program too and would take the channel for itself.
     */
    static boolean runsNode(SpawnRequest request) {
        String program = java.nio.file.Path.of(request.executable()).getFileName().toString();
        return program.equals("node") || program.equals("nodejs");
    }

    /**
     * Lets an app that runs as {@code uid} send to its notify socket: the socket becomes that
     * user's, and the private directory traversable (0711, still not listable) so the user can
     * reach the one socket whose name it is given; the other apps' sockets stay root's.
     */
    private void shareWith(java.nio.file.Path socket, int uid) {
        try {
            java.nio.file.Files.setAttribute(socket, "unix:uid", uid);
            java.nio.file.Files.setPosixFilePermissions(notifyDirectory,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        } catch (java.io.IOException e) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "cannot hand the notify socket " + socket + " to uid "
                    + uid + ": " + e.getMessage(), e);
        }
    }

    /** A fresh datagram socket in the private notify directory (one per child, so its datagrams are its own). */
    private NotifyEndpoint notifySocket() {
        java.nio.file.Path path = notifyDirectory.resolve("n" + notifyCounter++ + ".sock");
        path.toFile().delete();
        Fd fd = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK);
        try {
            Sockets.bindUnix(cs, fd, path.toString());
        } catch (RuntimeException e) {
            fd.close(cs);
            throw e;
        }
        return new NotifyEndpoint(fd, path);
    }

    private SpawnedChild launchPlanned(AppSpec spec, SpawnRequest request) {
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
        // Every app is stopped by now: the subtree and its apps' (empty) cgroups go. A populated one stays, and is logged.
        cgroupTree().ifPresent(CgroupTree::removeSubtree);
    }
}
