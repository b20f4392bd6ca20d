// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessInfo;
import dev.velos.sys.CallState;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Prctl;

/**
 * Supervises child processes: starts them with posix_spawn, restarts them by policy, stops
 * whole process groups gracefully, and streams their output to a {@link LogSink}.
 *
 * <p>Threads (DESIGN.md §3): one platform event-loop thread owns all process state and blocks in
 * epoll_wait on pidfds, pipes, timers and a command eventfd; one platform spawner thread calls
 * posix_spawn. Every method here only enqueues work for the loop and returns a future, so it is
 * safe from any thread, virtual ones included. Futures complete on the loop thread: chain
 * non-blocking work onto them, and never {@code join()} one from a {@link LogSink} or
 * {@link ProcessListener}.
 *
 * <pre>{@code
 * try (Supervisor supervisor = Supervisor.builder().logSink(line -> System.out.println(line.text())).build()) {
 *     supervisor.start(AppSpec.of("web", "server.js")).join();
 * }
 * }</pre>
 */
public final class Supervisor implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** One read takes up to this much of a pipe (children's pipes hold 1 MiB). */
    private static final int READ_BUFFER_BYTES = 256 * 1024;

    private final EventLoop loop;
    private final Spawner spawner;
    private final SupervisorCore core;
    private final LaunchPlanner planner;
    private final MarkerScanner scanner;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set on the loop once a hand-over is committed, before any command queued behind it runs. */
    private volatile boolean handedOver;
    private final boolean subreaper;
    private final Config config;

    /** Settings fixed at build time. */
    record Config(LogSink logSink, List<ProcessListener> listeners, Clock clock, boolean subreaper,
                  Duration samplingInterval, int maxLineBytes, Map<String, String> environment,
                  Optional<java.nio.file.Path> watchIgnoredDirectory,
                  Optional<java.nio.file.Path> runtimeDirectory, Consumer<Throwable> onFatal,
                  Optional<Heartbeat> heartbeat, Orchestrating orchestrating, Optional<AfterStartBurst> afterStartBurst) {
    }

    /** Supervisor-wide orchestration settings (issue 19). */
    record Orchestrating(int maxParallelStarts, HookPayload hookPayload, boolean cgroupPerApp) {
        static final Orchestrating DEFAULT = new Orchestrating(0, HookPayload.NONE, false);
    }

    /** An embedder's proof-of-life callback, run on the loop thread every {@code interval}. */
    record Heartbeat(Duration interval, Runnable beat) {
    }

    private Supervisor(Config config) {
        int n = INSTANCES.incrementAndGet();
        String suffix = n == 1 ? "" : "-" + n;
        this.config = config;
        subreaper = config.subreaper();
        if (subreaper) {
            setSubreaper(true);
        }
        loop = new EventLoop("velos-loop" + suffix, this::onLoopDeath);
        java.nio.file.Path notifyDirectory = notifyDirectory(config);
        planner = new LaunchPlanner(config.environment(), Optional.of(config.runtimeDirectory().orElse(notifyDirectory)));
        spawner = new Spawner("velos-spawner" + suffix, planner, notifyDirectory, config.orchestrating().cgroupPerApp(),
                cgroupName(planner.marker("")));
        scanner = new MarkerScanner("velos-marker-scan" + suffix);
        core = new SupervisorCore(loop, spawner, config, new PipeReader.Buffer(READ_BUFFER_BYTES),
                new Strays(loop, planner, scanner), planner);
        loop.start();
        loop.execute(core::startTimers);
    }

    /** On the dying loop thread: tell the embedder first (see EventLoop#die), then fail whoever waits on the table. */
    private void onLoopDeath(Throwable cause) {
        try {
            config.onFatal().accept(cause);
        } finally {
            try {
                core.abandon(cause);
            } catch (Throwable ignored) {
                // Best effort: no memory left, or a table half-way through a transition.
            }
        }
    }

    /**
     * The name of this supervisor's cgroup subtree: one per runtime directory, so a daemon that
     * comes back after a crash finds its predecessor's, and two supervisors never share one.
     */
    private static String cgroupName(String scope) {
        return "velos-" + Integer.toHexString(scope.hashCode());
    }

    /** The status the default {@link Builder#onFatal} halts the JVM with (EX_SOFTWARE). */
    public static final int FATAL_EXIT_STATUS = FatalHalt.EXIT_STATUS;

    /** A private (0700) directory for the children's NOTIFY_SOCKET files. */
    private static java.nio.file.Path notifyDirectory(Config config) {
        try {
            java.nio.file.Path dir = config.runtimeDirectory().isPresent()
                    ? java.nio.file.Files.createDirectories(config.runtimeDirectory().get().resolve("notify"))
                    : java.nio.file.Files.createTempDirectory("velos-notify");
            java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (java.io.IOException e) {
            throw new SupervisorException(ErrorCode.SYSTEM, "cannot create the notify socket directory: " + e.getMessage(), e);
        }
    }

    /** The environment variable that names each child's app and runtime directory ({@code <name>@<dir>}). */
    public static String ownerVariable() {
        return LaunchPlanner.OWNER_ENV;
    }

    /**
     * The base environment the builder gives children by default, taken from {@code from}: only
     * {@code PATH HOME USER LOGNAME SHELL LANG LANGUAGE LC_* TZ TMPDIR XDG_RUNTIME_DIR} (PATH
     * defaulted), never the rest of the embedder's environment. For an embedder that builds its
     * own base with {@link Builder#environment} from its environment.
     */
    public static Map<String, String> baseEnvironment(Map<String, String> from) {
        return BaseEnvironment.of(from);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts {@code spec}. A name that exists is refused unless that entry is stopped or errored,
     * in which case it is started again with the new spec. Completes when the child runs; fails
     * with {@link SupervisorException} ({@code SPAWN_FAILED}: missing program or cwd, not
     * executable, out of resources) and the entry then shows {@code errored}.
     */
    public CompletableFuture<ProcessInfo> start(AppSpec spec) {
        return submit(f -> core.start(spec, f));
    }

    /**
     * Starts every spec of {@code specs} like {@link #start}, in one command for the whole batch:
     * all are admitted to the table in one pass of the event loop and spawned one after the other
     * by the spawner thread, which reports back in chunks. For many apps at once (a config file,
     * resurrect) this costs one future instead of one round trip per app. The future completes
     * once every spec has started or failed, with one {@link StartResult} per spec, in order; it
     * fails only when the supervisor is closed. Specs are independent: a name that exists, or
     * appears twice, fails alone, exactly as {@link #start} would.
     */
    public CompletableFuture<List<StartResult>> startAll(List<AppSpec> specs) {
        List<AppSpec> batch = List.copyOf(specs);
        CompletableFuture<List<StartResult>> result = new CompletableFuture<>();
        enqueue(result, () -> core.startAll(batch, result));
        return result;
    }

    /**
     * Adds {@code spec} as a {@code stopped} entry without starting it (a saved process list brings
     * stopped apps back this way). Refused like {@link #start} when the name exists and is not stopped.
     */
    public CompletableFuture<ProcessInfo> register(AppSpec spec) {
        return submit(f -> core.register(spec, f));
    }

    /**
     * Replaces the spec of the existing entry {@code spec.name()}, running or not, without
     * starting or stopping anything: the restart policy, memory limit, cron schedule and file
     * watching apply at once (the cron timer and watcher are re-armed), while what a launch uses
     * (script, args, cwd, env, interpreter) applies at the next start or restart. Fails with
     * {@code NOT_FOUND} when there is no such entry, and with {@code INVALID_ARGUMENT} (nothing
     * changed) for an unusable cron expression.
     */
    public CompletableFuture<ProcessInfo> updateSpec(AppSpec spec) {
        return submit(f -> core.updateSpec(spec, f));
    }

    /**
     * Checks that {@code spec} could be spawned now — working directory, program, interpreter and
     * script all present and usable — without starting anything. Throws {@link SupervisorException}
     * ({@code SPAWN_FAILED}) saying what is wrong. Runs on the caller's thread (file checks only).
     */
    public void check(AppSpec spec) {
        planner.check(spec);
    }

    /**
     * Runs the scheduled job {@code name} now, as if its schedule fired (its {@code overlap}
     * applies when a run is still going; its dependencies apply when it starts). Works for any
     * entry: one without a schedule is started if it is not running, and left alone if it is.
     */
    public CompletableFuture<ProcessInfo> runNow(String name) {
        return submit(f -> core.runNow(name, f));
    }

    /**
     * Stops every entry of {@code names} like {@link #stop}, dependents first: an app is stopped
     * only once every app of the set that depends on it is gone (shutdown order, reverse of the
     * start order). Completes with their last snapshots, in the order given; fails with
     * {@code NOT_FOUND} (stopping nothing) when a name is unknown.
     */
    public CompletableFuture<List<ProcessInfo>> stopAll(List<String> names) {
        List<String> batch = List.copyOf(names);
        CompletableFuture<List<ProcessInfo>> result = new CompletableFuture<>();
        enqueue(result, () -> core.stopOrdered(batch, result));
        return result;
    }

    /** Stops {@code name}: SIGTERM to its group, SIGKILL after the kill timeout. Completes when the group is gone. */
    public CompletableFuture<ProcessInfo> stop(String name) {
        return submit(f -> core.stop(name, f));
    }

    /** Stops {@code name} (if running) and starts it again. Completes when the new child runs. */
    public CompletableFuture<ProcessInfo> restart(String name) {
        return submit(f -> core.restart(name, f));
    }

    /**
     * Replaces {@code name} without downtime: a new child starts next to the old one, and only once
     * it is ready (its ready message with wait-ready, else {@code min_uptime} alive) is the old one
     * stopped. Fails, keeping the old child, when the new one dies first. A stopped entry is started.
     */
    public CompletableFuture<ProcessInfo> reload(String name) {
        return submit(f -> core.reload(name, f));
    }

    /** Stops {@code name} like {@link #stop} and removes it. Completes with its last snapshot. */
    public CompletableFuture<ProcessInfo> delete(String name) {
        return submit(f -> core.delete(name, f));
    }

    /** Sends {@code signal} to the main process of {@code name} only; its status does not change. */
    public CompletableFuture<ProcessInfo> signal(String name, int signal) {
        return submit(f -> core.signal(name, signal, f));
    }

    /** A snapshot of every entry, ordered by id. */
    public CompletableFuture<List<ProcessInfo>> list() {
        CompletableFuture<List<ProcessInfo>> result = new CompletableFuture<>();
        enqueue(result, () -> result.complete(core.list()));
        return result;
    }

    /**
     * The entries that have ended for good: stopped or errored with nothing pending — no
     * process, no start or restart to come by themselves (a restart policy's, a schedule's) —
     * so that only a command brings them back. What an embedder that runs a fixed set of apps
     * ({@code velos run}) waits for to know when they are all, or any, done.
     */
    public CompletableFuture<List<ProcessInfo>> finished() {
        CompletableFuture<List<ProcessInfo>> result = new CompletableFuture<>();
        enqueue(result, () -> result.complete(core.finished()));
        return result;
    }

    /**
     * Zeroes {@code name}'s counters — restarts, and quick exits in a row ({@code pm2 reset}):
     * nothing else changes, a running app keeps running and a crash loop starts counting afresh.
     */
    public CompletableFuture<ProcessInfo> resetCounters(String name) {
        return submit(f -> core.resetCounters(name, f));
    }

    /** A snapshot of {@code name}. */
    public CompletableFuture<ProcessInfo> info(String name) {
        return submit(f -> core.info(name, f));
    }

    /**
     * Ends every process that carries this supervisor's marker ({@link #ownerVariable()} with its
     * runtime directory) but belongs to no live generation of an entry: what a predecessor with the
     * same runtime directory left running when it died (kill -9, OOM), its apps' strays included.
     * SIGTERM, SIGKILL after {@code killTimeout}, each process pinned by a pidfd and its marker
     * checked again before it is signalled. Completes with how many there were, once all are
     * gone. A daemon calls it after build() and before restoring its saved list, so no app runs
     * twice.
     */
    public CompletableFuture<Integer> stopStrays(Duration killTimeout) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        enqueue(result, () -> core.stopStrays(killTimeout).whenComplete((count, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(count);
            }
        }));
        return result;
    }

    /**
     * The addresses {@code name}'s app listens on ({@code listen}, issue 20), as bound: a port 0
     * shows the port the kernel chose. Shared by all instances of a cluster; empty before the app
     * first started, or when it has no {@code listen}.
     */
    public CompletableFuture<List<dev.velos.model.ListenAddress>> boundListeners(String name) {
        CompletableFuture<List<dev.velos.model.ListenAddress>> result = new CompletableFuture<>();
        enqueue(result, () -> core.boundListeners(name, result));
        return result;
    }

    /**
     * Starts a hand-over to a successor (a daemon's planned restart, issue 20; docs/HANDOVER.md):
     * parks the event loop and exports the whole table — every app's spec, counters, pid, pidfd,
     * stdout/stderr pipe read ends with the partial line read from each, channels, notify socket,
     * pending restart, and the listening sockets. Blocks the caller until exported; must not be
     * called from the loop (a listener or sink). Fails with {@code INVALID_ARGUMENT} while an app
     * is mid-transition (spawning, stopping, reloading): try again a moment later. The loop stays
     * parked until the returned handle is committed or aborted, or {@code timeout} passes (then
     * it aborts by itself). Apps keep running meanwhile; their output waits in their pipes.
     */
    public Handover beginHandover(Duration timeout) {
        if (loop.inLoop()) {
            throw new IllegalStateException("beginHandover() would park the event loop it runs on");
        }
        CompletableFuture<SupervisorCore.Exported> exported = new CompletableFuture<>();
        CompletableFuture<Boolean> decision = new CompletableFuture<>();
        CompletableFuture<Void> settled = new CompletableFuture<>();
        enqueue(exported, () -> {
            exported.complete(core.exportTable());
            try {
                if (awaitDecision(decision, timeout)) {
                    core.letGo();
                    handedOver = true;
                }
            } finally {
                settled.complete(null);
            }
        });
        SupervisorCore.Exported table;
        try {
            table = exported.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return new Handover(table.manifest(), table.fds(), decision, settled, this::closeAfterHandover);
    }

    /**
     * Whether this supervisor handed its apps to a successor ({@link Handover#commit}). From then
     * on every call fails ({@code closed}), including those that waited on the parked loop: they
     * must not run against the emptied table (a list would say there are no apps). An embedder
     * tells its clients to ask the successor.
     */
    public boolean handedOver() {
        return handedOver;
    }

    /** On the parked loop: the caller's commit (true) or abort (false); false when {@code timeout} passes first. */
    private static boolean awaitDecision(CompletableFuture<Boolean> decision, Duration timeout) {
        try {
            return decision.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            boolean aborted = decision.complete(false);
            if (aborted) {
                System.getLogger(Supervisor.class.getName()).log(System.Logger.Level.WARNING,
                        "no word on the hand-over within {0} ms; resuming", timeout.toMillis());
            }
            return !aborted && decision.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !decision.complete(false) && decision.join();
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    /** After a committed hand-over: the threads go, nothing is stopped (the apps are the successor's). */
    private void closeAfterHandover() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loop.close();
        core.closeOrchestrationThreads();
        spawner.closeKeepingCgroups();
        scanner.close();
        if (subreaper) {
            setSubreaper(false);
        }
    }

    /**
     * The successor's side of a hand-over: rebuilds the table from the predecessor's manifest and
     * the fds received with it (see {@link HandoverChannel}), taking ownership of those fds. The
     * apps keep their pids; each pipe is read on from where the predecessor stopped, after the
     * partial line it handed over. Call it on a fresh supervisor with the same runtime directory.
     * Completes with the imported entries. An app's exit status is unknown from then on if it is
     * not this process's child (see docs/HANDOVER.md).
     */
    public CompletableFuture<List<ProcessInfo>> takeOver(HandoverManifest manifest, List<dev.velos.sys.Fd> fds) {
        CompletableFuture<List<ProcessInfo>> result = new CompletableFuture<>();
        enqueue(result, () -> core.importTable(manifest, fds, List.of(), result));
        return result;
    }

    /**
     * After a crash of a predecessor with the same runtime directory (kill -9, OOM): rebuilds the
     * table from what was saved ({@link HandoverManifest#ofSaved}, or a manifest without fds) and
     * adopts the verified survivors instead of stopping them — same pids, no second copy — reading
     * on from their pipes, which kept the output nobody read meanwhile (up to the pipe's size, 1 MiB;
     * a writer then waits). An app that was alive and has no survivor is reported exited (status
     * unknown) and restarted by its policy. Call it after build() and before {@link #stopStrays}
     * (which then ends only what nobody adopted). Completes with the entries.
     */
    public CompletableFuture<List<ProcessInfo>> adopt(HandoverManifest manifest) {
        CompletableFuture<List<ProcessInfo>> result = new CompletableFuture<>();
        String scope = planner.marker("");
        scanner.scan(value -> value.endsWith(scope)).thenAccept(marked ->
                enqueue(result, () -> core.importTable(manifest, List.of(), marked, result)));
        return result;
    }

    /** Test hook: how many of the loop's timers are armed (an idle supervisor nobody watches should have none). */
    CompletableFuture<Integer> pendingTimers() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        enqueue(result, () -> result.complete(loop.pendingTimers()));
        return result;
    }

    /** Number of orphaned descendants reaped so far in subreaper mode. */
    public CompletableFuture<Long> orphansReaped() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        enqueue(result, () -> result.complete(core.orphansReaped()));
        return result;
    }

    /**
     * Test hook: acts as if the kernel had just reported that the wall clock was set (what a
     * realtime timerfd with TFD_TIMER_CANCEL_ON_SET does), so a test can move an injected
     * {@link Builder#clock} and have the cron schedules follow without setting the real clock.
     */
    CompletableFuture<Void> simulateClockChange() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(done, () -> {
            core.clockChanged();
            done.complete(null);
        });
        return done;
    }

    private CompletableFuture<ProcessInfo> submit(Consumer<CompletableFuture<ProcessInfo>> command) {
        CompletableFuture<ProcessInfo> result = new CompletableFuture<>();
        enqueue(result, () -> command.accept(result));
        return result;
    }

    private void enqueue(CompletableFuture<?> result, Runnable command) {
        if (loop.failure().isPresent()) {
            result.completeExceptionally(loopDied(loop.failure().get()));
            return;
        }
        if (closed.get()) {
            result.completeExceptionally(new SupervisorException(ErrorCode.CLOSED, "the supervisor is closed"));
            return;
        }
        try {
            loop.execute(new Task(result, () -> {
                if (handedOver) {
                    throw new SupervisorException(ErrorCode.CLOSED, "the supervisor handed its apps over to a successor");
                }
                command.run();
            }));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(loop.failure().map(Supervisor::loopDied)
                    .orElseGet(() -> new SupervisorException(ErrorCode.CLOSED, "the supervisor is closed", e)));
        }
    }

    static SupervisorException loopDied(Throwable cause) {
        return new SupervisorException(ErrorCode.SYSTEM, "the supervisor's event loop died (" + cause
                + "); nothing is supervised any more", cause);
    }

    /** One public call on its way to the loop; its future fails if the loop dies before running it. */
    private record Task(CompletableFuture<?> result, Runnable command) implements Runnable, EventLoop.Abortable {
        @Override
        public void run() {
            try {
                command.run();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public void abort(Throwable cause) {
            result.completeExceptionally(cause instanceof RejectedExecutionException
                    ? new SupervisorException(ErrorCode.CLOSED, "the supervisor is closed", cause) : loopDied(cause));
        }
    }

    /** Kills the hooks and probes still running and waits (briefly) for the loop to reap them. */
    private void killSideProcesses() {
        try {
            CompletableFuture<CompletableFuture<Void>> killing = new CompletableFuture<>();
            loop.execute(() -> killing.complete(core.killSideProcesses()));
            killing.get(10, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException | RejectedExecutionException e) {
            System.getLogger(Supervisor.class.getName()).log(System.Logger.Level.WARNING,
                    "a hook or probe command was not reaped while closing the supervisor", e);
        }
    }

    /**
     * Stops every process gracefully and in parallel (SIGTERM, then SIGKILL after each one's
     * kill timeout), waits until all are gone, kills the hook and probe commands still running,
     * then stops the threads. Blocks the caller; must not be called from a listener or sink.
     */
    @Override
    public void close() {
        if (loop.inLoop()) {
            throw new IllegalStateException("close() would wait for the event loop it runs on");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            CompletableFuture<Duration> grace = new CompletableFuture<>();
            CompletableFuture<CompletableFuture<Void>> stopping = new CompletableFuture<>();
            loop.execute(() -> {
                grace.complete(core.closeGrace());
                stopping.complete(core.stopAll());
            });
            // Twice the kill timeout: the group first, then what of the app left the group (Strays).
            long waitMillis = 2 * grace.get(10, TimeUnit.SECONDS).toMillis() + 5000;
            stopping.get(10, TimeUnit.SECONDS).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException | RejectedExecutionException e) {
            System.getLogger(Supervisor.class.getName()).log(System.Logger.Level.WARNING,
                    "not every process stopped cleanly while closing the supervisor", e);
        } finally {
            killSideProcesses();
            try {
                loop.execute(core::releaseTriggers);
                loop.execute(core::releaseSockets);
            } catch (RejectedExecutionException e) {
                // The loop is already gone; its fds went with it.
            }
            loop.close();
            core.closeOrchestration();
            spawner.close();
            scanner.close();
            if (subreaper) {
                setSubreaper(false);
            }
        }
    }

    private static void setSubreaper(boolean on) {
        try (Arena arena = Arena.ofConfined()) {
            Prctl.setChildSubreaper(CallState.allocate(arena), on);
        }
    }

    /** Configures a {@link Supervisor}. */
    public static final class Builder {
        private LogSink logSink = LogSink.DISCARD;
        private final List<ProcessListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private boolean subreaper;
        private Duration samplingInterval = Duration.ofSeconds(2);
        private int maxLineBytes = 64 * 1024;
        /** Empty: the minimal base of this JVM's environment, computed at build time. */
        private Optional<Map<String, String>> environment = Optional.empty();
        private Optional<java.nio.file.Path> watchIgnoredDirectory = Optional.empty();
        private Optional<java.nio.file.Path> runtimeDirectory = Optional.empty();
        /** Empty: halt (FatalHalt), which is then prepared at build time; not loaded when a handler is given. */
        private Optional<Consumer<Throwable>> onFatal = Optional.empty();
        private Optional<Heartbeat> heartbeat = Optional.empty();
        private int maxParallelStarts;
        private HookPayload hookPayload = HookPayload.NONE;
        private boolean cgroupPerApp;
        private Optional<AfterStartBurst> afterStartBurst = Optional.empty();

        private Builder() {
        }

        /**
         * At most {@code value} apps starting at once (spawned, not ready yet); the others wait,
         * {@code waiting} with the reason, and start as slots free up. 0 (default) = unlimited.
         */
        public Builder maxParallelStarts(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("max_parallel_starts must be >= 0");
            }
            this.maxParallelStarts = value;
            return this;
        }

        /** Adds the embedder's fields (log lines, a log summary) to every hook's payload; see {@link HookPayload}. */
        public Builder hookPayload(HookPayload value) {
            this.hookPayload = java.util.Objects.requireNonNull(value, "hookPayload");
            return this;
        }

        /**
         * Runs every app in a cgroup v2 of its own when this host delegates a writable subtree (so a
         * stop ends everything the app started, even what left its process group and dropped its
         * marker, and its CPU and memory come from the cgroup). Apps with limits ({@code memory_max},
         * {@code cpu_max}, {@code pids_max}) always get one, and are refused where there is none.
         * Default off: it costs one extra exec (a shell) per spawn.
         */
        public Builder cgroupPerApp(boolean value) {
            this.cgroupPerApp = value;
            return this;
        }

        /**
         * What to do when the event loop dies — of an Error (OutOfMemoryError...) or of anything
         * else that ends its thread without {@link Supervisor#close()}. Called once, on the dying
         * loop thread, before anything else is attempted (after an OutOfMemoryError little more may
         * succeed); then pending calls fail, and so does every later call, with {@code SYSTEM}
         * "event loop died". The children are no longer supervised. Default:
         * print the cause and halt the JVM with {@link Supervisor#FATAL_EXIT_STATUS} (a daemon's service
         * manager then restarts it). An embedder that can carry on without the supervisor passes
         * its own handler; it must not block.
         */
        public Builder onFatal(Consumer<Throwable> handler) {
            this.onFatal = Optional.of(handler);
            return this;
        }

        /**
         * Runs {@code beat} on the event-loop thread every {@code interval}, for as long as the loop
         * lives: a watchdog fed from here (systemd's {@code WATCHDOG=1}) proves the loop itself
         * still turns, not merely that the JVM answers. {@code beat} must be quick and must not
         * block; an exception it throws is logged and the beats go on.
         */
        public Builder heartbeat(Duration interval, Runnable beat) {
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("heartbeat interval must be >= 10 ms");
            }
            this.heartbeat = Optional.of(new Heartbeat(interval, java.util.Objects.requireNonNull(beat, "beat")));
            return this;
        }

        /**
         * Runs {@code policy}'s action on the loop thread once a burst of at least its number of
         * spawns is followed by its quiet period (default: nothing). The daemon compacts its heap there.
         */
        public Builder afterStartBurst(AfterStartBurst policy) {
            this.afterStartBurst = Optional.of(java.util.Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** Where output lines go (default: discarded). Called on the loop thread; must not block. */
        public Builder logSink(LogSink sink) {
            this.logSink = sink;
            return this;
        }

        /** Adds a lifecycle listener. Called on the loop thread; must not block. */
        public Builder listener(ProcessListener listener) {
            this.listeners.add(listener);
            return this;
        }

        /** The wall clock for timestamps (log lines, start times); durations always use the monotonic clock. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * Makes this JVM a child subreaper so double-forked grandchildren come back to it and are
         * reaped. Turn it on only if nothing else in the JVM starts processes: children started
         * through the JDK's Process API would be reaped here too. The daemon turns it on.
         */
        public Builder subreaper(boolean value) {
            this.subreaper = value;
            return this;
        }

        /** How often CPU and memory are sampled (default 2 s). */
        public Builder samplingInterval(Duration value) {
            if (value.toMillis() < 10) {
                throw new IllegalArgumentException("sampling interval must be >= 10 ms");
            }
            this.samplingInterval = value;
            return this;
        }

        /** Longest line delivered whole (default 64 KiB); longer ones come in pieces marked continued. */
        public Builder maxLineBytes(int value) {
            if (value < 64) {
                throw new IllegalArgumentException("max line bytes must be >= 64");
            }
            this.maxLineBytes = value;
            return this;
        }

        /**
         * The environment every child starts from; each app's env goes on top. Default: the
         * minimal {@link Supervisor#baseEnvironment base} of this JVM's environment, not all of it,
         * so secrets of whoever started this JVM do not reach every child. Pass
         * {@code System.getenv()} to hand children everything.
         */
        public Builder environment(Map<String, String> value) {
            this.environment = Optional.of(Map.copyOf(value));
            return this;
        }

        /**
         * A directory file watching never reports (the daemon's log directory: an app that logs
         * into a watched tree would otherwise restart itself forever).
         */
        public Builder watchIgnoredDirectory(java.nio.file.Path value) {
            this.watchIgnoredDirectory = Optional.of(value.toAbsolutePath().normalize());
            return this;
        }

        /** Where per-child sockets (NOTIFY_SOCKET) live, in a 0700 {@code notify/} inside; default: a temp directory. */
        public Builder runtimeDirectory(java.nio.file.Path value) {
            this.runtimeDirectory = Optional.of(value.toAbsolutePath().normalize());
            return this;
        }

        public Supervisor build() {
            Consumer<Throwable> fatal = onFatal.orElseGet(() -> {
                FatalHalt.prepare();
                return FatalHalt.HANDLER;
            });
            Map<String, String> base = environment.orElseGet(() -> BaseEnvironment.of(System.getenv()));
            try {
                return new Supervisor(new Config(logSink, List.copyOf(listeners), clock, subreaper, samplingInterval,
                        maxLineBytes, base, watchIgnoredDirectory, runtimeDirectory, fatal, heartbeat,
                        new Orchestrating(maxParallelStarts, hookPayload, cgroupPerApp), afterStartBurst));
            } catch (ErrnoException e) {
                throw new SupervisorException(ErrorCode.SYSTEM, "cannot start the supervisor: " + e.getMessage(), e);
            }
        }
    }
}
