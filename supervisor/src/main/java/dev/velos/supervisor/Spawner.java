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
    /**
     * The child's fd layout (issue 20). systemd's socket activation fixes the listening sockets at
     * fd 3 up ({@code SD_LISTEN_FDS_START}), so they come first: fds {@code 3 .. 3+n-1} are the
     * app's n {@code listen} sockets, announced by {@code LISTEN_FDS=n}, {@code LISTEN_FDNAMES} and
     * {@code LISTEN_PID} (the app's own pid, set by {@link ExecTrampoline.SetListenPid}). velos's
     * channel follows at {@code 3+n} ({@code VELOS_IPC_FD}), then a Node app's IPC pipe at
     * {@code 4+n} ({@code NODE_CHANNEL_FD}); each is announced by its variable, which is all an app
     * reads. Without listening sockets that is fd 3 and fd 4, as before.
     */
    static final int FIRST_EXTRA_FD = 3;
    /** The channel's fd in a child without listening sockets. */
    static final int CHANNEL_FD = FIRST_EXTRA_FD;
    static final String IPC_FD_VARIABLE = "VELOS_IPC_FD";
    static final String NOTIFY_VARIABLE = "NOTIFY_SOCKET";
    /** A Node app's second channel, Node's own IPC pipe ({@link NodeMessages}), and the variables Node reads. */
    static final String NODE_FD_VARIABLE = "NODE_CHANNEL_FD";
    static final String NODE_SERIALIZATION_VARIABLE = "NODE_CHANNEL_SERIALIZATION_MODE";
    static final String LISTEN_FDS_VARIABLE = "LISTEN_FDS";
    static final String LISTEN_FDNAMES_VARIABLE = "LISTEN_FDNAMES";
    /** Set by the supervisor alone: an app's env (or the base) cannot point a child at fds it does not have. */
    private static final List<String> CHANNEL_VARIABLES = List.of(IPC_FD_VARIABLE, NOTIFY_VARIABLE, "WATCHDOG_USEC",
            NODE_FD_VARIABLE, NODE_SERIALIZATION_VARIABLE, LISTEN_FDS_VARIABLE, LISTEN_FDNAMES_VARIABLE,
            ExecTrampoline.LISTEN_PID_VARIABLE);
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
        return spawn(new Order(spec, List.of()));
    }

    /** Plans and spawns {@code order}; the future fails with a {@link SupervisorException} that says what to fix. */
    CompletableFuture<Launched> spawn(Order order) {
        return CompletableFuture.supplyAsync(() -> launch(order), executor);
    }

    /**
     * One spawn: the spec, and the listening sockets the child gets from fd 3 in the order of
     * {@code spec.listen()}. The sockets stay the loop's ({@link ListenSockets}); the spawner only
     * dup2s them into the child.
     */
    record Order(AppSpec spec, List<Fd> listen) {
        Order {
            listen = List.copyOf(listen);
        }
    }

    /**
     * Spawns {@code specs} in order, in one task of the spawner thread: one future per spec,
     * completed as it is spawned, and {@code ready} told which futures {@code [from, to)} have
     * completed since the last call — every {@value #CHUNK_SPAWNS} spawns or {@value #CHUNK_MILLIS}
     * ms, whichever comes first, and at the end. So a batch of 1,000 costs the loop a few dozen
     * wake-ups instead of 1,000 round trips, while the first children's output is still read
     * within milliseconds (their pipes hold 1 MiB meanwhile).
     */
    List<CompletableFuture<Launched>> spawnAll(List<Order> specs, ChunkListener ready) {
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

    /** Plans, spawns and wires up the sockets, channels and notify socket {@code order} asks for; on the spawner thread. */
    private Launched launch(Order order) {
        AppSpec spec = order.spec();
        SpawnRequest planned = planner.plan(spec);
        Optional<Credentials> credentials = Credentials.of(spec);
        Optional<java.nio.file.Path> cgroup = cgroupFor(spec);
        List<ExecTrampoline.Step> steps = new ArrayList<>(3);
        cgroup.ifPresent(dir -> steps.add(new ExecTrampoline.EnterCgroup(dir)));
        if (!order.listen().isEmpty()) {
            steps.add(new ExecTrampoline.SetListenPid());
        }
        credentials.ifPresent(c -> steps.add(c.step()));
        SpawnRequest request = credentials.map(c -> c.withUserEnvironment(planned, spec.env())).orElse(planned);
        if (!spec.ready().needsChannel() && order.listen().isEmpty()) {
            return new Launched(launchPlanned(spec, ExecTrampoline.wrap(request, steps)), Optional.empty(), Optional.empty(),
                    Optional.empty(), cgroup);
        }
        List<Sockets.Pair> pairs = new ArrayList<>(2);
        Optional<NotifyEndpoint> notify = Optional.empty();
        try {
            Map<Integer, Fd> extraFds = new java.util.TreeMap<>();
            List<String> env = new ArrayList<>(request.env());
            env.removeIf(e -> CHANNEL_VARIABLES.stream().anyMatch(v -> e.startsWith(v + "=")));
            int next = FIRST_EXTRA_FD;
            for (Fd socket : order.listen()) {
                extraFds.put(next++, socket);
            }
            if (!order.listen().isEmpty()) {
                env.add(LISTEN_FDS_VARIABLE + "=" + order.listen().size());
                env.add(LISTEN_FDNAMES_VARIABLE + "=" + String.join(":", spec.listen().stream()
                        .map(dev.velos.model.ListenAddress::name).toList()));
            }
            if (!spec.ready().needsChannel()) {
                return new Launched(launchPlanned(spec, ExecTrampoline.wrap(new SpawnRequest(request.executable(), request.argv(),
                        env, request.cwd(), extraFds), steps)), Optional.empty(), Optional.empty(), Optional.empty(), cgroup);
            }
            pairs.add(Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC));
            int channelFd = next++;
            extraFds.put(channelFd, pairs.getFirst().second());
            env.add(IPC_FD_VARIABLE + "=" + channelFd);
            if (runsNode(request)) {
                pairs.add(Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC));
                int nodeFd = next++;
                extraFds.put(nodeFd, pairs.get(1).second());
                env.add(NODE_FD_VARIABLE + "=" + nodeFd);
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

    /** Where the children's notify sockets are bound (a directory private to this supervisor's runtime directory). */
    java.nio.file.Path notifyDirectory() {
        return notifyDirectory;
    }

    /** A fresh datagram socket in the private notify directory (one per child, so its datagrams are its own). */
    private NotifyEndpoint notifySocket() {
        // The JVM's pid in the name: a successor that took over this supervisor's apps (issue 20) keeps using their
        // sockets at these paths, and must never delete one to bind its own.
        java.nio.file.Path path = notifyDirectory.resolve("n" + ProcessHandle.current().pid() + "-" + notifyCounter++ + ".sock");
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

    /** Closes the thread, leaving the cgroups as they are: the apps in them now belong to a successor (hand-over). */
    void closeKeepingCgroups() {
        shutdownThread();
    }

    @Override
    public void close() {
        shutdownThread();
        // Every app is stopped by now: the subtree and its apps' (empty) cgroups go. A populated one stays, and is logged.
        cgroupTree().ifPresent(CgroupTree::removeSubtree);
    }

    private void shutdownThread() {
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
