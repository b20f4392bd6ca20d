// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ExitStatus;
import dev.velos.model.HookEvent;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProbeStatus;
import dev.velos.model.LogLine;
import dev.velos.model.LogStream;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.sys.Epoll;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Signals;
import dev.velos.sys.SpawnedChild;
import dev.velos.sys.Wait;

/**
 * The process table and every transition of it. Runs only on the event-loop thread; the public
 * {@link Supervisor} posts each call here and hands back a future.
 *
 * <p>Every respawn — manual restart, automatic restart, and (later) watch, cron and memory
 * limit — goes through {@link #beginStop} and waits until the old generation's whole process
 * group is gone before {@link #respawn} starts the next one, so two generations of one entry
 * never run at once.
 */
final class SupervisorCore {
    private static final System.Logger LOG = System.getLogger(SupervisorCore.class.getName());
    private static final long GROUP_POLL_MILLIS = 50;
    private static final long PIPE_LINGER_MILLIS = 2000;

    private final EventLoop loop;
    private final Spawner spawner;
    private final Supervisor.Config config;
    private final Clock clock;
    private final PipeReader.Shared pipes;
    private final Strays strays;
    /** Every cron schedule, on one realtime timerfd; made on the first schedule. */
    private CronTimers cron;
    /** Shared by every pipe's assembler: all run on the loop thread, and a batch never outlives one read. */
    private final LineAssembler.Batch lineBatch = new LineAssembler.Batch();
    /** How long after a look ({@link #list}/{@link #info}) the periodic /proc pass keeps running. */
    private static final long WATCHED_NANOS = 10_000_000_000L;
    private long lastLookNanos = System.nanoTime() - WATCHED_NANOS;
    private long lastSampleNanos = System.nanoTime() - 1_000_000_000_000L;
    /**
     * The periodic /proc pass, armed only while it has a reader (a recent look, or an app with a
     * memory limit); null otherwise, so an idle daemon nobody watches is not woken for it.
     */
    private TimerQueue.Timer samplingPass;
    private final Map<String, ManagedProcess> byName = new LinkedHashMap<>();
    private final Map<Integer, ManagedProcess> byPid = new HashMap<>();
    /** Made on the first sample: a supervisor nobody looks at never loads it nor links sysconf. */
    private GroupSampler sampler;
    /** One decoder for every pipe (all decode on this thread); made only for a plain LogSink. */
    private Utf8 utf8;
    private final OrphanReaper orphanReaper = new OrphanReaper();
    /** Equal app environments held once (every spec that enters the table goes through it). */
    private final SharedEnvironments environments = new SharedEnvironments();
    /** The next orphan-reaping pass (subreaper only); its wait grows while passes find nothing. */
    private TimerQueue.Timer orphanPass;
    private int nextId = 1;
    private int spawnsInFlight;
    /** Orchestration (issue 19): the start gate, probes, hooks and their side commands. */
    private final StartGate gate;
    private final SideProcesses sides;
    private final Probing probing;
    private final Jobs jobs;
    private final HookRunner hooks;
    private final OffLoop offLoop = new OffLoop();
    /** Finds and verifies what a dead predecessor left running (adoption, issue 20). */
    private final Survivors survivors;
    /** Every process and fd was handed to a successor: this table is empty and must stay so. */
    private boolean handedOver;
    private boolean closing;
    /** The apps' listening sockets (issue 20): per app, across generations and instances. */
    private final ListenSockets listeners;
    /** Told of every spawn when the embedder asked for an action after start bursts. */
    private final Optional<AfterStartBurst.Watch> burst;

    SupervisorCore(EventLoop loop, Spawner spawner, Supervisor.Config config, PipeReader.Buffer readBuffer, Strays strays,
                   LaunchPlanner planner) {
        this.loop = loop;
        this.strays = strays;
        this.spawner = spawner;
        this.config = config;
        this.clock = config.clock();
        this.pipes = new PipeReader.Shared(loop, readBuffer, config.logSink(), clock);
        this.listeners = new ListenSockets(loop.callState());
        this.burst = config.afterStartBurst().map(policy -> new AfterStartBurst.Watch(loop, policy));
        this.survivors = new Survivors(loop.callState(), planner, spawner.notifyDirectory());
        this.sides = new SideProcesses(loop, spawner, readBuffer);
        this.hooks = new HookRunner(loop, sides, planner, config.orchestrating().hookPayload(), clock, this::emit, offLoop);
        this.probing = new Probing(loop, new ProbeExecutor(sides, planner, offLoop), clock, new Probing.Table() {
            @Override
            public void emit(OrchestrationEvent event) {
                SupervisorCore.this.emit(event);
            }

            @Override
            public void ready(ManagedProcess entry, Child child) {
                markReady(entry, child, "readiness");
            }

            @Override
            public void replacementReady(ManagedProcess entry, Child child) {
                onReplacementReady(entry, child);
            }

            @Override
            public void livenessFailed(ManagedProcess entry, Child child, ProbeStatus status) {
                onLivenessFailed(entry, child, status);
            }
        });
        this.jobs = new Jobs(clock, new Jobs.Table() {
            @Override
            public void emit(OrchestrationEvent event) {
                SupervisorCore.this.emit(event);
            }

            @Override
            public void start(ManagedProcess entry) {
                gate.request(entry);
            }

            @Override
            public void replace(ManagedProcess entry, String trigger) {
                triggeredRestart(entry, trigger);
            }
        });
        this.gate = new StartGate(loop, new StartGate.Table() {
            @Override
            public List<ManagedProcess> resolve(String dependency) {
                return DependencyGraph.resolve(dependency, byName.keySet()).stream().map(byName::get).toList();
            }

            @Override
            public void launch(ManagedProcess entry) {
                launchFromGate(entry);
            }

            @Override
            public void waiting(ManagedProcess entry, String reason) {
                markWaiting(entry, reason);
            }
        }, config.orchestrating().maxParallelStarts());
    }

    /** Starts the periodic work: sampling, and orphan reaping when this process is the subreaper. */
    void startTimers() {
        keepSampling();
        if (config.subreaper()) {
            scheduleOrphanReaping();
        }
        config.heartbeat().ifPresent(this::scheduleHeartbeat);
    }

    private void scheduleHeartbeat(Supervisor.Heartbeat heartbeat) {
        loop.schedule(heartbeat.interval().toMillis(), () -> {
            try {
                heartbeat.beat().run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the supervisor's heartbeat callback failed", e);
            } finally {
                scheduleHeartbeat(heartbeat);
            }
        });
    }

    /**
     * The loop died (on its thread, as its last act): fail every future still waiting on an entry,
     * so no caller hangs. Best effort; the table may be half-way through a transition.
     */
    void abandon(Throwable cause) {
        SupervisorException error = Supervisor.loopDied(cause);
        for (ManagedProcess entry : byName.values()) {
            ManagedProcess.failAll(entry.spawnWaiters, error);
            ManagedProcess.failAll(entry.stopWaiters, error);
            failReload(entry, error);
        }
    }

    // ---- commands (loop thread) ------------------------------------------------------------

    void start(AppSpec spec, CompletableFuture<ProcessInfo> result) {
        try {
            checkGraph(List.of(spec), false);
        } catch (SupervisorException e) {
            result.completeExceptionally(e);
            return;
        }
        ManagedProcess entry = admit(spec, result);
        if (entry != null) {
            entry.nextTrigger = "start";
            gate.request(entry);
        }
    }

    /**
     * Refuses a graph with a cycle or (unless {@code allowUnknown}) an unknown dependency once
     * {@code incoming} is added. Free when no spec involved has dependencies, which is the common case.
     */
    private void checkGraph(List<AppSpec> incoming, boolean allowUnknown) {
        boolean any = incoming.stream().anyMatch(s -> !s.orchestration().dependsOn().isEmpty());
        for (ManagedProcess e : byName.values()) {
            any = any || !e.spec.orchestration().dependsOn().isEmpty();
        }
        if (any) {
            DependencyGraph.check(specsExcept(incoming), incoming, allowUnknown);
        }
    }

    /** The specs of every entry except those {@code replacing} names (they are being replaced). */
    private List<AppSpec> specsExcept(List<AppSpec> replacing) {
        java.util.Set<String> replaced = new java.util.HashSet<>();
        replacing.forEach(r -> replaced.add(r.name()));
        List<AppSpec> specs = new ArrayList<>(byName.size());
        for (ManagedProcess e : byName.values()) {
            if (!replaced.contains(e.name())) {
                specs.add(e.spec);
            }
        }
        return specs;
    }

    /** The gate let {@code entry} through: spawn it (a respawn when it ran before). */
    private void launchFromGate(ManagedProcess entry) {
        if (byName.get(entry.name()) != entry) {
            return;
        }
        boolean restart = entry.lastPid != 0 && !entry.startAfresh;
        entry.startAfresh = false;
        respawn(entry, restart, false);
    }

    /** {@code entry} waits to start: status and reason, the event when the reason changed, and its start callers told. */
    private void markWaiting(ManagedProcess entry, String reason) {
        boolean changed = entry.status != ProcessStatus.WAITING || !reason.equals(entry.waitingReason);
        entry.status = ProcessStatus.WAITING;
        entry.waitingReason = reason;
        if (changed) {
            emit(new dev.velos.model.OrchestrationEvent.Waiting(entry.id, entry.name(), clock.instant(), reason));
        }
        ManagedProcess.completeAll(entry.spawnWaiters, entry.snapshot());
    }

    /**
     * {@link #start} for a whole batch in this one command: every spec is admitted here, then the
     * spawner starts them all in one task and reports back in chunks (Spawner#spawnAll), instead
     * of one command and one round trip per app. {@code result} completes once every spec has
     * started or failed, with one outcome per spec in order.
     */
    void startAll(List<AppSpec> specs, CompletableFuture<List<StartResult>> result) {
        List<CompletableFuture<ProcessInfo>> outcomes = new ArrayList<>(specs.size());
        List<ManagedProcess> admitted = new ArrayList<>(specs.size());
        SupervisorException graphError = null;
        try {
            // The whole graph, batch and table together, before anything starts.
            checkGraph(specs, false);
        } catch (SupervisorException e) {
            graphError = e;
        }
        List<ManagedProcess> gated = new ArrayList<>();
        for (AppSpec spec : specs) {
            CompletableFuture<ProcessInfo> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            if (graphError != null) {
                outcome.completeExceptionally(graphError);
                continue;
            }
            ManagedProcess entry = admit(spec, outcome);
            if (entry != null) {
                entry.spawning = true; // a second spec of the same name in this batch is refused, as with start
                entry.nextTrigger = "start";
                if (needsGate(spec)) {
                    gated.add(entry);
                } else {
                    admitted.add(entry);
                }
            }
        }
        spawnBatch(admitted);
        for (ManagedProcess entry : gated) {
            entry.spawning = false;
            gate.request(entry);
        }
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
            List<StartResult> results = new ArrayList<>(specs.size());
            for (int i = 0; i < specs.size(); i++) {
                results.add(outcomes.get(i).state() == java.util.concurrent.Future.State.FAILED
                        ? new StartResult.Failed(specs.get(i).name(), asSupervisorException(outcomes.get(i)))
                        : new StartResult.Started(outcomes.get(i).resultNow()));
            }
            result.complete(results);
        });
    }

    private boolean needsGate(AppSpec spec) {
        return config.orchestrating().maxParallelStarts() > 0 || !spec.orchestration().dependsOn().isEmpty()
                || !spec.orchestration().startDelay().isZero();
    }

    private static SupervisorException asSupervisorException(CompletableFuture<ProcessInfo> failed) {
        Throwable cause = unwrap(failed.exceptionNow());
        return cause instanceof SupervisorException e ? e : new SupervisorException(ErrorCode.SYSTEM, cause.getMessage(), cause);
    }

    /**
     * The table side of a start: a new entry, or a stopped/errored one taking {@code spec}; null,
     * with {@code result} failed and nothing changed, when the name is busy or the cron expression
     * does not parse. The caller spawns the returned entry.
     */
    private ManagedProcess admit(AppSpec spec, CompletableFuture<ProcessInfo> result) {
        ManagedProcess existing = byName.get(spec.name());
        if (existing != null && !(existing.isIdle() && !existing.status.isAlive())) {
            result.completeExceptionally(new SupervisorException(ErrorCode.ALREADY_EXISTS, "process '" + spec.name()
                    + "' already exists and is " + existing.status.wireName() + "; restart it, or delete it first"));
            return null;
        }
        java.util.Optional<CronSchedule> schedule;
        try {
            schedule = cronSchedule(spec);
        } catch (SupervisorException e) {
            result.completeExceptionally(e);
            return null;
        }
        ManagedProcess entry = existing;
        if (entry == null) {
            entry = new ManagedProcess(nextId++, environments.share(spec));
            byName.put(spec.name(), entry);
        } else {
            entry.cancelRestartTimer();
            entry.spec = environments.share(spec);
            entry.consecutiveCrashes = 0;
            // A start of an idle entry is a start, not a restart; one that had given up (errored)
            // counts its restarts from 0 again, as a new app would.
            entry.startAfresh = true;
            if (existing.status == ProcessStatus.ERRORED) {
                entry.restartCount = 0;
            }
        }
        entry.spawnWaiters.add(result);
        armTriggers(entry, schedule);
        return entry;
    }

    void register(AppSpec spec, CompletableFuture<ProcessInfo> result) {
        java.util.Optional<CronSchedule> schedule;
        try {
            // A saved list comes back one app at a time: a dependency may come later, a cycle never.
            checkGraph(List.of(spec), true);
            schedule = cronSchedule(spec);
        } catch (SupervisorException e) {
            result.completeExceptionally(e);
            return;
        }
        ManagedProcess existing = byName.get(spec.name());
        if (existing != null) {
            if (!existing.isIdle() || existing.status.isAlive()) {
                result.completeExceptionally(new SupervisorException(ErrorCode.ALREADY_EXISTS, "process '" + spec.name()
                        + "' already exists and is " + existing.status.wireName()));
                return;
            }
            existing.cancelRestartTimer();
            existing.spec = environments.share(spec);
            existing.status = ProcessStatus.STOPPED;
            armTriggers(existing, schedule);
            result.complete(existing.snapshot());
            return;
        }
        ManagedProcess entry = new ManagedProcess(nextId++, environments.share(spec));
        byName.put(spec.name(), entry);
        armTriggers(entry, schedule);
        result.complete(entry.snapshot());
    }

    void updateSpec(AppSpec spec, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = require(spec.name(), result);
        if (entry == null) {
            return;
        }
        checkGraph(List.of(spec), false); // throws before anything changes
        java.util.Optional<CronSchedule> schedule = cronSchedule(spec);
        entry.spec = environments.share(spec);
        armTriggers(entry, schedule);
        result.complete(entry.snapshot());
    }

    void stop(String name, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = require(name, result);
        if (entry == null) {
            return;
        }
        entry.stopWaiters.add(result);
        beginStop(entry, ManagedProcess.AfterStop.STOP);
    }

    void restart(String name, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = require(name, result);
        if (entry == null) {
            return;
        }
        entry.spawnWaiters.add(result);
        entry.cancelRestartTimer();
        entry.lastRestartReason = "manual";
        if (entry.isIdle()) {
            respawn(entry, true);
        } else {
            beginStop(entry, ManagedProcess.AfterStop.RESTART);
        }
    }

    /**
     * Zero-downtime replacement (DESIGN §4): start a new generation next to the running one, wait
     * until it is ready (its ready message with wait-ready, else {@code min_uptime} alive), then
     * stop the old one gracefully. If the new one dies first, the old one keeps serving and the
     * future fails saying so. An entry that is not running is simply restarted.
     */
    void reload(String name, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = require(name, result);
        if (entry == null) {
            return;
        }
        if (entry.status != ProcessStatus.RUNNING || entry.child == null || entry.child.reaped || entry.stopRequested) {
            restart(name, result);
            return;
        }
        if (entry.replacement != null || entry.reloadWaiter != null) {
            result.completeExceptionally(new SupervisorException(ErrorCode.INVALID_ARGUMENT,
                    "process '" + name + "' is already being reloaded"));
            return;
        }
        Spawner.Order order;
        try {
            order = new Spawner.Order(entry.spec, listeners.acquire(entry.spec)); // the same sockets: no connection refused
        } catch (SupervisorException e) {
            result.completeExceptionally(e);
            return;
        }
        entry.reloadWaiter = result;
        spawnsInFlight++;
        spawner.spawn(order).whenComplete((launched, error) -> loop.execute(() -> onReplacementSpawned(entry,
                launched, error)));
    }

    private void onReplacementSpawned(ManagedProcess entry, Spawner.Launched launched, Throwable error) {
        spawnsInFlight--;
        burst.ifPresent(AfterStartBurst.Watch::spawned);
        if (error != null || entry.reloadWaiter == null || byName.get(entry.name()) != entry) {
            failReload(entry, error != null ? fatalOrCause(error) : new SupervisorException(ErrorCode.NOT_FOUND,
                    "process '" + entry.name() + "' went away during its reload"));
            if (error == null) {
                Child orphan = attach(entry, launched.child());
                orphan.role = Child.Role.RETIRED;
                launched.discardChannels(loop.callState());
                signalStop(entry, orphan);
            }
            return;
        }
        Child next = attach(entry, launched.child());
        next.role = Child.Role.REPLACEMENT;
        entry.replacement = next;
        byPid.put(next.pid, entry);
        emit(new ProcessEvent.Started(entry.id, entry.name(), next.startedAt, next.pid, true));
        attachChannels(entry, next, launched, () -> onReplacementReady(entry, next));
        if (entry.spec.orchestration().readiness().isEnabled()) {
            // The readiness probe decides; if it never passes within the listen timeout, the old generation stays.
            probing.start(entry, next);
            next.listenTimer = loop.schedule(entry.spec.ready().listenTimeout().toMillis(), () -> {
                if (entry.replacement == next) {
                    abandonReplacement(entry, "the new generation of '" + entry.name() + "' did not pass its readiness probe"
                            + " within " + entry.spec.ready().listenTimeout().toMillis() + " ms; the old one keeps running");
                }
            });
            return;
        }
        long wait = entry.spec.ready().waitReady() && next.channel != null ? entry.spec.ready().listenTimeout().toMillis()
                : entry.spec.restart().minUptime().toMillis();
        next.listenTimer = loop.schedule(wait, () -> onReplacementReady(entry, next));
    }

    /** The new generation is ready: it becomes the entry's child and the old one is stopped gracefully. */
    private void onReplacementReady(ManagedProcess entry, Child next) {
        if (entry.replacement != next || next.reaped) {
            return;
        }
        if (next.listenTimer != null) {
            next.listenTimer.cancel();
        }
        Child old = entry.child;
        entry.replacement = null;
        if (old != null) {
            old.cancelProbes();
        }
        next.role = Child.Role.CURRENT;
        entry.child = next;
        entry.lastPid = next.pid;
        entry.startedAt = next.startedAt;
        entry.status = ProcessStatus.RUNNING;
        entry.cpuPercent = 0;
        entry.memoryBytes = 0;
        entry.restartCount++;
        entry.lastRestartAt = clock.instant();
        entry.lastRestartReason = "reload";
        if (old != null && !old.reaped) {
            old.role = Child.Role.RETIRED;
            signalStop(entry, old);
        }
        CompletableFuture<ProcessInfo> waiter = entry.reloadWaiter;
        entry.reloadWaiter = null;
        if (waiter != null) {
            waiter.complete(entry.snapshot());
        }
        hooks.fire(entry.id, entry.spec, HookEvent.READY, ExitStatus.NONE, "reload");
    }

    /** A retired generation or a failed replacement exited: tidy up, the entry is not affected. */
    private void onSideGenerationExit(ManagedProcess entry, Child child, ExitStatus exit) {
        if (entry.replacement == child) {
            entry.replacement = null;
            failReload(entry, new SupervisorException(ErrorCode.SPAWN_FAILED, "the new generation of '" + entry.name()
                    + "' " + exit + " before it was ready; the old one (pid " + entry.lastPid + ") keeps running"));
        }
        if (child.listenTimer != null) {
            child.listenTimer.cancel();
        }
        child.role = Child.Role.RETIRED;
        child.stdout.lingerFor(PIPE_LINGER_MILLIS);
        child.stderr.lingerFor(PIPE_LINGER_MILLIS);
        tearDownGroup(entry, child);
    }

    private void abandonReplacement(ManagedProcess entry, String why) {
        Child next = entry.replacement;
        entry.replacement = null;
        next.cancelProbes();
        next.role = Child.Role.RETIRED;
        if (next.listenTimer != null) {
            next.listenTimer.cancel();
        }
        signalStop(entry, next);
        failReload(entry, new SupervisorException(ErrorCode.CLOSED, why));
    }

    private void failReload(ManagedProcess entry, Throwable error) {
        CompletableFuture<ProcessInfo> waiter = entry.reloadWaiter;
        entry.reloadWaiter = null;
        if (waiter != null) {
            waiter.completeExceptionally(error);
        }
    }

    void delete(String name, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = require(name, result);
        if (entry == null) {
            return;
        }
        entry.stopWaiters.add(result);
        beginStop(entry, ManagedProcess.AfterStop.DELETE);
    }

    void signal(String name, int signal, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = require(name, result);
        if (entry == null) {
            return;
        }
        if (entry.child == null || entry.child.reaped || !entry.child.signalLeader(loop.callState(), signal)) {
            result.completeExceptionally(new SupervisorException(ErrorCode.INVALID_ARGUMENT,
                    "process '" + name + "' is not running; start it before sending signals"));
            return;
        }
        result.complete(entry.snapshot());
    }

    List<ProcessInfo> list() {
        sampleOnDemand();
        return byName.values().stream().sorted(Comparator.comparingInt(e -> e.id)).map(ManagedProcess::snapshot).toList();
    }

    /** See {@link Supervisor#resetCounters}. */
    void resetCounters(String name, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = require(name, result);
        if (entry != null) {
            entry.restartCount = 0;
            entry.consecutiveCrashes = 0;
            result.complete(entry.snapshot());
        }
    }

    List<ProcessInfo> finished() {
        return byName.values().stream().filter(ManagedProcess::hasFinished).sorted(Comparator.comparingInt(e -> e.id))
                .map(ManagedProcess::snapshot).toList();
    }

    void info(String name, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = require(name, result);
        if (entry != null) {
            sampleOnDemand();
            result.complete(entry.snapshot());
        }
    }

    /**
     * Stops every entry gracefully — in parallel, except that dependents stop before what they
     * depend on — and starts nothing more; the future completes when all groups are gone.
     */
    CompletableFuture<Void> stopAll() {
        closing = true;
        gate.close();
        var stops = stopDependentsFirst(List.copyOf(byName.values()));
        return CompletableFuture.allOf(stops.values().toArray(CompletableFuture[]::new));
    }

    /**
     * How long closing may take: the longest kill timeout for every link of the longest
     * dependency chain, as dependents stop before what they depend on.
     */
    Duration closeGrace() {
        return longestKillTimeout().multipliedBy(DependencyGraph.longestChain(specsExcept(List.of())));
    }

    Duration longestKillTimeout() {
        return byName.values().stream().map(e -> e.spec.restart().killTimeout()).max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
    }

    private ManagedProcess require(String name, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = byName.get(name);
        if (entry == null) {
            result.completeExceptionally(SupervisorException.notFound(name));
        }
        return entry;
    }

    // ---- spawning ---------------------------------------------------------------------------

    private void respawn(ManagedProcess entry, boolean isRestart) {
        respawn(entry, isRestart, isRestart);
    }

    /** {@code restartHook}: a restart of a running or crashed app (on_restart), not a start or a job's next run. */
    private void respawn(ManagedProcess entry, boolean isRestart, boolean restartHook) {
        gate.cancel(entry);
        entry.spawning = true;
        entry.pendingDecision = null;
        entry.completedRun = false;
        if (isRestart) {
            entry.restartCount++;
            entry.lastRestartAt = clock.instant();
        }
        if (restartHook) {
            hooks.fire(entry.id, entry.spec, HookEvent.RESTART, entry.lastExit, entry.lastRestartReason);
        }
        Spawner.Order order;
        try {
            order = new Spawner.Order(entry.spec, listeners.acquire(entry.spec));
        } catch (SupervisorException e) {
            entry.spawning = false;
            onSpawnFailed(entry, e);
            return;
        }
        spawnsInFlight++;
        spawner.spawn(order).whenComplete((launched, error) -> loop.execute(() -> onSpawned(entry, launched, error, isRestart)));
    }

    /** Spawns fresh (not restarted) entries in one spawner task; see {@link #startAll}. */
    private void spawnBatch(List<ManagedProcess> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Spawner.Order> specs = new ArrayList<>(entries.size());
        List<ManagedProcess> spawning = new ArrayList<>(entries.size());
        for (ManagedProcess entry : entries) {
            entry.pendingDecision = null;
            entry.completedRun = false;
            try {
                specs.add(new Spawner.Order(entry.spec, listeners.acquire(entry.spec)));
                entry.spawning = true;
                spawning.add(entry);
            } catch (SupervisorException e) {
                entry.spawning = false;
                onSpawnFailed(entry, e);
            }
        }
        if (spawning.isEmpty()) {
            return;
        }
        entries = spawning;
        spawnsInFlight += entries.size();
        // Filled before any chunk can be handled: chunks come back as loop commands, which run
        // only after this one returns.
        List<CompletableFuture<Spawner.Launched>> launches = new ArrayList<>(entries.size());
        List<ManagedProcess> spawned = entries;
        launches.addAll(spawner.spawnAll(specs, (from, to) -> loop.execute(() -> {
            for (int i = from; i < to; i++) {
                CompletableFuture<Spawner.Launched> launch = launches.get(i);
                boolean failed = launch.state() == java.util.concurrent.Future.State.FAILED;
                onSpawned(spawned.get(i), failed ? null : launch.resultNow(), failed ? launch.exceptionNow() : null, false);
            }
        })));
    }

    private void onSpawned(ManagedProcess entry, Spawner.Launched launched, Throwable error, boolean isRestart) {
        spawnsInFlight--;
        burst.ifPresent(AfterStartBurst.Watch::spawned);
        entry.spawning = false;
        if (error != null) {
            onSpawnFailed(entry, fatalOrCause(error));
            return;
        }
        Child child = attach(entry, launched.child());
        entry.child = child;
        entry.lastPid = child.pid;
        entry.startedAt = child.startedAt;
        entry.statusText = "";
        entry.lastSpawnError = "";
        entry.waitingReason = "";
        launched.cgroup().ifPresent(dir -> {
            entry.cgroup = dir;
            entry.oomKills = CgroupTree.oomKills(dir);
        });
        attachChannels(entry, child, launched, () -> onChannelMessage(entry, child));
        boolean waitReady = entry.spec.ready().waitReady() && child.channel != null;
        boolean readiness = entry.spec.orchestration().readiness().isEnabled();
        entry.status = waitReady || readiness ? ProcessStatus.STARTING : ProcessStatus.RUNNING;
        if (waitReady) {
            child.listenTimer = loop.schedule(entry.spec.ready().listenTimeout().toMillis(),
                    () -> onListenTimeout(entry, child));
        }
        entry.cpuPercent = 0;
        entry.memoryBytes = 0;
        byPid.put(child.pid, entry);
        probing.start(entry, child);
        jobs.started(entry, child.startedAt);
        emit(new ProcessEvent.Started(entry.id, entry.name(), child.startedAt, child.pid, isRestart));
        if (entry.stopRequested) {
            signalStop(entry, child);
        } else {
            if (entry.status == ProcessStatus.RUNNING) {
                hooks.fire(entry.id, entry.spec, HookEvent.READY, ExitStatus.NONE, "");
            }
            ManagedProcess.completeAll(entry.spawnWaiters, entry.snapshot());
        }
    }

    /**
     * Listens on the child's channels: velos frames at VELOS_IPC_FD, Node's IPC pipe for a Node
     * app, and NOTIFY_SOCKET; a ready message on any of them runs {@code onReady}. STATUS= and
     * WATCHDOG=1 count only while the child is the entry's current one.
     */
    private void attachChannels(ManagedProcess entry, Child child, Spawner.Launched launched, Runnable onReady) {
        launched.channel().ifPresent(fd -> child.channel = new ChannelReader(loop, fd, pipes.buffer(),
                new VelosFrames(entry.name(), onReady)));
        launched.nodeChannel().ifPresent(fd -> child.nodeChannel = new ChannelReader(loop, fd, pipes.buffer(),
                new NodeMessages(onReady)));
        launched.notifyEndpoint().ifPresent(ep -> child.notify = new NotifySocket(loop, ep.fd(), ep.path(), pipes.buffer(),
                fields -> onNotify(entry, child, fields, onReady)));
    }

    private Child attach(ManagedProcess entry, SpawnedChild spawned) {
        PipeReader out = new PipeReader(pipes, spawned.stdout(), assembler(entry, LogStream.STDOUT));
        PipeReader err = new PipeReader(pipes, spawned.stderr(), assembler(entry, LogStream.STDERR));
        Child child = new Child(spawned.pid(), clock.instant(), spawned.pidfd(), out, err);
        child.watchExit(loop, events -> onExitReady(entry, child));
        return child;
    }

    /**
     * The line path of one pipe: straight to a {@link RawLogSink} as byte ranges, or decoded (invalid
     * UTF-8 as U+FFFD) into {@link LogLine}s for a plain {@link LogSink}.
     */
    private LineAssembler assembler(ManagedProcess entry, LogStream stream) {
        int id = entry.id;
        String name = entry.name();
        if (config.logSink() instanceof RawLogSink raw) {
            return new LineAssembler(config.maxLineBytes(), new LineAssembler.LineConsumer() {
                @Override
                public void line(byte[] bytes, int offset, int length, boolean continued, long ts) {
                    try {
                        raw.acceptRaw(id, name, stream, ts, bytes, offset, length, continued);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "log sink failed; line of ''{0}'' dropped", name, e);
                    }
                }

                @Override
                public void lines(byte[] bytes, int[] starts, int[] lengths, int count, long ts) {
                    try {
                        raw.acceptLines(id, name, stream, ts, bytes, starts, lengths, count);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "log sink failed; lines of ''{0}'' dropped", name, e);
                    }
                }
            }, lineBatch);
        }
        if (utf8 == null) {
            utf8 = new Utf8();
        }
        Utf8 decoder = utf8;
        return new LineAssembler(config.maxLineBytes(), (bytes, offset, length, continued, ts) -> {
            LogLine line = new LogLine(id, name, stream, java.time.Instant.ofEpochMilli(ts),
                    decoder.decode(bytes, offset, length), continued);
            try {
                config.logSink().accept(line);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "log sink failed; line of ''{0}'' dropped", name, e);
            }
        }, lineBatch);
    }

    private void onSpawnFailed(ManagedProcess entry, Throwable error) {
        entry.status = ProcessStatus.ERRORED;
        entry.lastSpawnError = String.valueOf(error.getMessage());
        jobs.failed(entry);
        emit(new ProcessEvent.SpawnFailed(entry.id, entry.name(), clock.instant(), error.getMessage()));
        hooks.fire(entry.id, entry.spec, HookEvent.ERRORED, ExitStatus.NONE, entry.lastSpawnError);
        ManagedProcess.failAll(entry.spawnWaiters, error);
        if (entry.stopRequested) {
            finishStop(entry);
        }
    }

    // ---- exit and stop ----------------------------------------------------------------------

    /** The pidfd is readable: the leader exited. Drain its output first, so its last lines precede the exit. */
    private void onExitReady(ManagedProcess entry, Child child) {
        child.stdout.drainAll();
        child.stderr.drainAll();
        java.util.Optional<ExitStatus> reaped = reap(child);
        if (reaped.isEmpty()) {
            return;
        }
        child.reaped = true;
        child.closePidfd(loop);
        if (config.subreaper()) {
            hurryOrphanReaping();
        }
        if (child.listenTimer != null) {
            child.listenTimer.cancel();
        }
        if (child.watchdogTimer != null) {
            child.watchdogTimer.cancel();
        }
        if (child.channel != null) {
            child.channel.close();
        }
        if (child.nodeChannel != null) {
            child.nodeChannel.close();
        }
        if (child.notify != null) {
            child.notify.close();
        }
        byPid.remove(child.pid);
        child.cancelProbes();
        ExitStatus exit = reaped.get();
        if (child.role != Child.Role.CURRENT) {
            onSideGenerationExit(entry, child, exit);
            return;
        }
        if (entry.replacement != null) {
            // The serving generation died mid-reload: the restart policy decides, not a half-ready replacement.
            abandonReplacement(entry, "'" + entry.name() + "' exited during its reload; the restart policy takes over");
        }
        entry.lastExit = exit;
        Duration uptime = Duration.ofNanos(child.uptimeNanos(System.nanoTime()));
        entry.completedRun = !entry.stopRequested && exit.isKnown() && !exit.isAbnormal();
        jobs.ended(entry, exit);
        checkOomKills(entry);
        emit(new ProcessEvent.Exited(entry.id, entry.name(), clock.instant(), child.pid, exit, entry.stopRequested));
        if (!entry.stopRequested) {
            ExitPolicy.Decision decision = ExitPolicy.decide(entry.spec.restart(), entry.spec.orchestration().exitCodes(),
                    entry.status, exit, uptime, entry.consecutiveCrashes);
            entry.status = decision.status();
            entry.consecutiveCrashes = decision.consecutiveCrashes();
            entry.pendingDecision = decision;
            if (exit.isAbnormal() && !entry.spec.orchestration().exitCodes().endsCleanly(exit)) {
                hooks.fire(entry.id, entry.spec, HookEvent.CRASH, exit, "");
            }
            if (decision.status() == ProcessStatus.ERRORED && decision.action() != ExitPolicy.Action.RESTART) {
                hooks.fire(entry.id, entry.spec, HookEvent.ERRORED, exit, decision.action() == ExitPolicy.Action.CRASH_LOOP
                        ? "crashed " + decision.consecutiveCrashes() + " times in a row" : "");
            }
        }
        child.stdout.lingerFor(PIPE_LINGER_MILLIS);
        child.stderr.lingerFor(PIPE_LINGER_MILLIS);
        tearDownGroup(entry, child);
        if (config.subreaper()) {
            reapOrphans();
        }
    }

    /**
     * How the leader ended, reaped with waitid; empty while it runs. Called only when its pidfd is
     * readable, which for a pidfd means the process has exited. A generation taken over from a
     * predecessor is usually not this process's child: waitid then has nothing for us (ECHILD,
     * which the binding reports as empty), and since the pidfd says it exited, it is reported
     * exited with an unknown status — its parent (init, or a subreaper) got the status, not us.
     */
    private java.util.Optional<ExitStatus> reap(Child child) {
        java.util.Optional<ExitStatus> reaped = Wait.waitid(loop.callState(), Wait.P_PIDFD, child.pidfd().value(),
                Wait.WEXITED | Wait.WNOHANG).map(r -> r.exited() ? ExitStatus.exited(r.status()) : ExitStatus.killed(r.status()));
        return reaped.isEmpty() && child.adopted ? java.util.Optional.of(ExitStatus.UNKNOWN) : reaped;
    }

    /**
     * Members of the group may outlive the leader (a shell's background jobs, a master's workers).
     * Like systemd's control-group kill mode, they go with it: SIGTERM, then SIGKILL after the
     * kill timeout, and the entry moves on only once the group is empty.
     */
    private void tearDownGroup(ManagedProcess entry, Child child) {
        if (!child.groupAlive(loop.callState())) {
            onGroupGone(entry, child);
            return;
        }
        if (child.termViaMessage) {
            child.signalGroup(loop.callState(), stopSignal(entry)); // the message reached only the leader
        }
        signalStop(entry, child);
        child.groupPoll = loop.schedule(GROUP_POLL_MILLIS, () -> pollGroup(entry, child));
    }

    private void pollGroup(ManagedProcess entry, Child child) {
        if (child.groupAlive(loop.callState())) {
            child.groupPoll = loop.schedule(GROUP_POLL_MILLIS, () -> pollGroup(entry, child));
        } else {
            onGroupGone(entry, child);
        }
    }

    private void beginStop(ManagedProcess entry, ManagedProcess.AfterStop after) {
        gate.cancel(entry);
        entry.queuedRun = false;
        if (entry.replacement != null) {
            abandonReplacement(entry, "the reload of '" + entry.name() + "' was interrupted by a stop or restart");
        }
        entry.stopRequested = true;
        if (entry.afterStop != ManagedProcess.AfterStop.DELETE) {
            entry.afterStop = after;
        }
        entry.cancelRestartTimer();
        if (entry.isIdle()) {
            strays.sweep(entry, () -> afterGroupGone(entry)); // an app that exited may have left some behind
        } else if (entry.child != null) {
            signalStop(entry, entry.child);
        }
        // While spawning, onSpawned sees stopRequested and stops the new child at once; while
        // sweeping, the sweep's end finishes the stop.
    }

    /** SIGTERM to the group now, SIGKILL after the kill timeout; sent once per generation. */
    private void signalStop(ManagedProcess entry, Child child) {
        if (child.termSent) {
            return;
        }
        child.termSent = true;
        if (!child.reaped && entry.spec.ready().shutdownWithMessage() && child.sendShutdown()) {
            child.termViaMessage = true; // replaces SIGTERM (DESIGN §4); SIGKILL still follows the kill timeout
        } else {
            child.signalGroup(loop.callState(), stopSignal(entry));
        }
        long timeout = entry.spec.restart().killTimeout().toMillis();
        child.killTimer = loop.schedule(timeout, () -> {
            if (entry.cgroup != null && child.role == Child.Role.CURRENT) {
                CgroupTree.kill(entry.cgroup); // everything the app started, wherever it went
            }
            if (child.signalGroup(loop.callState(), Signals.SIGKILL)) {
                LOG.log(Level.INFO, "process ''{0}'' did not stop within {1} ms; sent SIGKILL to its group",
                        entry.name(), timeout);
            }
        });
    }

    private void onGroupGone(ManagedProcess entry, Child child) {
        if (child.killTimer != null) {
            child.killTimer.cancel();
        }
        if (child.groupPoll != null) {
            child.groupPoll.cancel();
        }
        if (child.role != Child.Role.CURRENT) {
            return; // a reload's retired or failed generation: the entry carries on with its current child
        }
        entry.child = null;
        boolean respawning = entry.pendingDecision != null && entry.pendingDecision.action() == ExitPolicy.Action.RESTART;
        if (entry.stopRequested || respawning) {
            // What of the app left its group goes too before the entry moves on (DESIGN §4, every respawn),
            // and with a cgroup, whatever is left in it, marker or not.
            strays.sweep(entry, () -> emptyCgroup(entry, () -> afterGroupGone(entry)));
            return;
        }
        afterGroupGone(entry);
    }

    /**
     * Kills what is still in {@code entry}'s cgroup (cgroup.kill) and runs {@code then} once it is
     * empty: nothing of an app survives its stop or respawn, however it detached. Bounded: after
     * {@value #CGROUP_DRAIN_POLLS} polls it moves on and says so.
     */
    private void emptyCgroup(ManagedProcess entry, Runnable then) {
        java.nio.file.Path dir = entry.cgroup;
        if (dir == null || !CgroupTree.populated(dir)) {
            then.run();
            return;
        }
        entry.sweeping = true;
        CgroupTree.kill(dir);
        pollCgroup(entry, dir, then, 0);
    }

    private static final int CGROUP_DRAIN_POLLS = 100;

    private void pollCgroup(ManagedProcess entry, java.nio.file.Path dir, Runnable then, int polls) {
        if (!CgroupTree.populated(dir) || polls >= CGROUP_DRAIN_POLLS) {
            if (polls >= CGROUP_DRAIN_POLLS) {
                LOG.log(Level.WARNING, "the cgroup {0} of ''{1}'' is still populated after cgroup.kill; moving on", dir,
                        entry.name());
            }
            entry.sweeping = false;
            then.run();
            return;
        }
        loop.schedule(GROUP_POLL_MILLIS, () -> pollCgroup(entry, dir, then, polls + 1));
    }

    private static int stopSignal(ManagedProcess entry) {
        return entry.spec.orchestration().exitCodes().stopSignal();
    }

    /** The generation and its strays are gone: finish a requested stop, or act on the exit policy's decision. */
    private void afterGroupGone(ManagedProcess entry) {
        if (entry.stopRequested) {
            finishStop(entry);
            return;
        }
        ExitPolicy.Decision decision = entry.pendingDecision;
        entry.pendingDecision = null;
        if ((decision == null || decision.action() != ExitPolicy.Action.RESTART) && Jobs.takeQueued(entry)) {
            gate.request(entry); // overlap = queue: the run that waited goes now
            return;
        }
        if (decision == null) {
            return;
        }
        switch (decision.action()) {
            case NONE -> { }
            case CRASH_LOOP -> emit(new ProcessEvent.CrashLoop(entry.id, entry.name(), clock.instant(),
                    decision.consecutiveCrashes()));
            case RESTART -> scheduleRestart(entry, decision);
        }
    }

    private void scheduleRestart(ManagedProcess entry, ExitPolicy.Decision decision) {
        entry.lastRestartReason = "exit";
        if (decision.delay().isZero()) {
            respawn(entry, true);
            return;
        }
        emit(new ProcessEvent.RestartScheduled(entry.id, entry.name(), clock.instant(), decision.delay(),
                decision.consecutiveCrashes()));
        entry.restartTimer = loop.schedule(decision.delay().toMillis(), () -> {
            entry.restartTimer = null;
            respawn(entry, true);
        });
    }

    /** The requested stop is complete (no child left): stop, restart or delete as asked. */
    private void finishStop(ManagedProcess entry) {
        ManagedProcess.AfterStop after = entry.afterStop;
        entry.stopRequested = false;
        entry.afterStop = ManagedProcess.AfterStop.STOP;
        entry.status = ProcessStatus.STOPPED;
        switch (after) {
            case STOP -> {
                emit(new ProcessEvent.Stopped(entry.id, entry.name(), clock.instant()));
                ProcessInfo info = entry.snapshot();
                ManagedProcess.completeAll(entry.stopWaiters, info);
                ManagedProcess.completeAll(entry.spawnWaiters, info);
            }
            case RESTART -> {
                ManagedProcess.completeAll(entry.stopWaiters, entry.snapshot());
                respawn(entry, true);
            }
            case DELETE -> {
                disarmCron(entry);
                closeWatch(entry);
                if (entry.cgroup != null) {
                    CgroupTree.remove(entry.cgroup);
                }
                listeners.release(entry.name());
                byName.remove(entry.name());
                emit(new ProcessEvent.Deleted(entry.id, entry.name(), clock.instant()));
                ProcessInfo info = entry.snapshot();
                ManagedProcess.completeAll(entry.stopWaiters, info);
                ManagedProcess.failAll(entry.spawnWaiters, new SupervisorException(ErrorCode.NOT_FOUND,
                        "process '" + entry.name() + "' was deleted"));
            }
        }
    }

    // ---- orchestration: probes, jobs, ordered stops (issue 19) -------------------------------

    /** The current generation is ready (its ready message, NOTIFY_SOCKET or readiness probe): starting → running. */
    private void markReady(ManagedProcess entry, Child child, String how) {
        if (entry.child != child || entry.status != ProcessStatus.STARTING || child.reaped) {
            return;
        }
        if (child.listenTimer != null) {
            child.listenTimer.cancel();
        }
        entry.status = ProcessStatus.RUNNING;
        emit(new ProcessEvent.Ready(entry.id, entry.name(), clock.instant(), false));
        hooks.fire(entry.id, entry.spec, HookEvent.READY, ExitStatus.NONE, how);
        armWatchdog(entry, child);
    }

    /** Liveness failed past its threshold: restart the app (reason liveness), unless it is going anyway. */
    private void onLivenessFailed(ManagedProcess entry, Child child, ProbeStatus status) {
        if (!entry.status.isAlive() || entry.stopRequested) {
            return;
        }
        LOG.log(Level.WARNING, "process ''{0}'' failed its liveness probe {1} times in a row ({2}); restarting it",
                entry.name(), status.consecutiveFailures(), status.lastResult());
        child.cancelProbes();
        triggeredRestart(entry, "liveness");
    }

    /** With a memory limit, a grown {@code oom_kill} count in the app's cgroup is reported. */
    private void checkOomKills(ManagedProcess entry) {
        if (entry.cgroup == null || entry.spec.orchestration().limits().memoryMaxBytes() == 0) {
            return;
        }
        long kills = CgroupTree.oomKills(entry.cgroup);
        if (kills > entry.oomKills) {
            entry.oomKills = kills;
            LOG.log(Level.WARNING, "process ''{0}'' hit its memory_max of {1} bytes: the kernel OOM-killed a process of it "
                    + "({2} so far)", entry.name(), entry.spec.orchestration().limits().memoryMaxBytes(), kills);
            emit(new OrchestrationEvent.OomKilled(entry.id, entry.name(), clock.instant(), kills));
        }
    }

    /** A job's schedule fired, or someone asked for a run; see {@link Jobs#fire}. */
    private void scheduledRun(ManagedProcess entry, String trigger) {
        if (byName.get(entry.name()) == entry && !closing && entry.afterStop != ManagedProcess.AfterStop.DELETE) {
            jobs.fire(entry, trigger);
        }
    }

    void runNow(String name, CompletableFuture<ProcessInfo> result) {
        ManagedProcess entry = require(name, result);
        if (entry == null) {
            return;
        }
        if (entry.spec.orchestration().schedule().isScheduled() || entry.isIdle()) {
            scheduledRun(entry, "run-now"); // a running app without a schedule: nothing to run
        }
        result.complete(entry.snapshot());
    }

    /** See {@link Supervisor#stopAll(List)}: dependents first. */
    void stopOrdered(List<String> names, CompletableFuture<List<ProcessInfo>> result) {
        List<ManagedProcess> entries = new ArrayList<>(names.size());
        for (String name : names) {
            ManagedProcess entry = byName.get(name);
            if (entry == null) {
                result.completeExceptionally(SupervisorException.notFound(name));
                return;
            }
            entries.add(entry);
        }
        Map<ManagedProcess, CompletableFuture<ProcessInfo>> stops = stopDependentsFirst(entries);
        List<CompletableFuture<ProcessInfo>> ordered = entries.stream().map(stops::get).toList();
        CompletableFuture.allOf(ordered.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
            } else {
                result.complete(ordered.stream().map(CompletableFuture::join).toList());
            }
        });
    }

    private Map<ManagedProcess, CompletableFuture<ProcessInfo>> stopDependentsFirst(List<ManagedProcess> entries) {
        entries.forEach(gate::cancel); // a waiting dependent must not start while its dependencies go down
        return StopOrder.dependentsFirst(entries, (entry, done) -> {
            if (byName.get(entry.name()) != entry) {
                done.complete(entry.snapshot()); // deleted meanwhile
                return;
            }
            CompletableFuture<ProcessInfo> stopped = new CompletableFuture<>();
            stopped.whenComplete((info, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(info);
                }
            });
            entry.stopWaiters.add(stopped);
            beginStop(entry, ManagedProcess.AfterStop.STOP);
        });
    }

    /** Off the loop, after a hand-over: the probe and hook threads only (the apps and their cgroups are the successor's). */
    void closeOrchestrationThreads() {
        offLoop.close();
    }

    /** Off the loop, after it stopped: the probe and hook threads, and the apps' cgroups. */
    void closeOrchestration() {
        offLoop.close();
        for (ManagedProcess entry : byName.values()) {
            if (entry.cgroup != null) {
                CgroupTree.remove(entry.cgroup);
            }
        }
    }

    // ---- hand-over to a successor, adoption after a crash (issue 20, docs/HANDOVER.md) -------

    /** A table exported for a successor: the manifest and the fds its {@code fd} fields index (still this process's). */
    record Exported(HandoverManifest manifest, List<dev.velos.sys.Fd> fds) {
    }

    /**
     * The whole table as a manifest, with every fd a successor needs (pidfds, pipe read ends with
     * the partial lines read from them, channels, notify sockets, listening sockets). Runs with the
     * loop parked right after (Supervisor#beginHandover), so nothing is read, reaped or restarted
     * between this snapshot and the successor's first read. Refused while anything is mid-way
     * (a spawn, a stop, a reload, a sweep, a generation not yet reaped): that state would be lost.
     */
    Exported exportTable() {
        String busy = busyReason();
        if (!busy.isEmpty()) {
            throw new SupervisorException(ErrorCode.INVALID_ARGUMENT, "cannot hand over now: " + busy + "; try again in a moment");
        }
        List<dev.velos.sys.Fd> fds = new ArrayList<>();
        java.util.function.ToIntFunction<dev.velos.sys.Fd> index = fd -> {
            fds.add(fd);
            return fds.size() - 1;
        };
        long now = System.nanoTime();
        List<HandoverManifest.App> apps = new ArrayList<>(byName.size());
        for (ManagedProcess entry : byName.values().stream().sorted(Comparator.comparingInt(e -> e.id)).toList()) {
            java.util.Optional<HandoverManifest.Child> child = java.util.Optional.ofNullable(entry.child).map(c -> exportChild(c, index));
            long restartDue = entry.restartTimer != null && entry.restartTimer.isPending()
                    ? java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(entry.restartTimer.remainingNanos(now)) : -1;
            apps.add(new HandoverManifest.App(entry.id, entry.spec, entry.status, entry.restartCount, entry.consecutiveCrashes,
                    entry.lastRestartAt, entry.lastRestartReason, entry.lastExit, restartDue, entry.gated, child));
        }
        List<HandoverManifest.Socket> sockets = new ArrayList<>();
        listeners.all().forEach((base, held) -> held.forEach(h -> sockets.add(new HandoverManifest.Socket(base, h.address(),
                index.applyAsInt(h.fd())))));
        return new Exported(new HandoverManifest(apps, sockets), fds);
    }

    private HandoverManifest.Child exportChild(Child c, java.util.function.ToIntFunction<dev.velos.sys.Fd> index) {
        int none = HandoverManifest.NO_FD;
        long startTicks = dev.velos.sys.linux.ProcFs.startTicks(c.pid).orElse(0L);
        return new HandoverManifest.Child(c.pid, startTicks, c.startedAt, index.applyAsInt(c.pidfd()),
                c.stdout.isOpen() ? index.applyAsInt(c.stdout.fd()) : none, c.stderr.isOpen() ? index.applyAsInt(c.stderr.fd()) : none,
                c.stdout.partial(), c.stderr.partial(),
                c.channel != null && c.channel.isOpen() ? index.applyAsInt(c.channel.fd()) : none,
                c.nodeChannel != null && c.nodeChannel.isOpen() ? index.applyAsInt(c.nodeChannel.fd()) : none,
                c.notify != null ? index.applyAsInt(c.notify.fd()) : none, c.notify != null ? c.notify.path().toString() : "");
    }

    /** Why the table cannot be exported right now; "" when it can. */
    private String busyReason() {
        if (spawnsInFlight > 0) {
            return "a process is being spawned";
        }
        int current = 0;
        for (ManagedProcess entry : byName.values()) {
            if (entry.spawning || entry.sweeping || entry.stopRequested || entry.replacement != null || entry.reloadWaiter != null) {
                return "'" + entry.name() + "' is starting, stopping or reloading";
            }
            if (entry.child != null) {
                if (entry.child.reaped) {
                    return "'" + entry.name() + "' has just exited";
                }
                current++;
            }
        }
        return byPid.size() == current ? "" : "a replaced generation is still stopping";
    }

    /**
     * The successor took everything over: close this process's copies of every fd and forget every
     * entry, without a signal to any process — they are the successor's now. A command still queued
     * for this supervisor then finds no entry, so it can never act on an app it no longer owns.
     */
    void letGo() {
        handedOver = true;
        closing = true;
        gate.close();
        for (ManagedProcess entry : byName.values()) {
            entry.cancelRestartTimer();
            if (entry.startDelayTimer != null) {
                entry.startDelayTimer.cancel();
            }
            Child child = entry.child;
            if (child != null) {
                child.cancelProbes();
                for (TimerQueue.Timer timer : java.util.Arrays.asList(child.listenTimer, child.watchdogTimer, child.killTimer,
                        child.groupPoll)) {
                    if (timer != null) {
                        timer.cancel();
                    }
                }
                child.stdout.detach();
                child.stderr.detach();
                child.closePidfd(loop);
                if (child.channel != null) {
                    child.channel.close();
                }
                if (child.nodeChannel != null) {
                    child.nodeChannel.close();
                }
                if (child.notify != null) {
                    child.notify.detach();
                }
            }
        }
        releaseTriggers();
        listeners.closeAll(false);
        byName.clear();
        byPid.clear();
    }

    boolean handedOver() {
        return handedOver;
    }

    /**
     * Rebuilds the table from a predecessor's manifest. {@code fds} are what came with it (a
     * hand-over): the predecessor's pidfds, pipes, channels and sockets, used as they are. With no
     * fds (adoption after a crash, {@code marked} = the marker scan) each live app's survivor is
     * found and verified ({@link Survivors}), its pipes reopened and its sockets taken back; an app
     * that was alive but has no survivor exited while no supervisor ran: reported exited (status
     * unknown) and restarted by its policy. Completes with the entries' snapshots.
     */
    void importTable(HandoverManifest manifest, List<dev.velos.sys.Fd> fds, List<dev.velos.sys.linux.ProcEnviron.Marked> marked,
                     CompletableFuture<List<ProcessInfo>> result) {
        for (HandoverManifest.App app : manifest.apps()) {
            if (byName.containsKey(app.spec().name())) {
                result.completeExceptionally(new SupervisorException(ErrorCode.ALREADY_EXISTS, "process '" + app.spec().name()
                        + "' already exists here; a manifest is imported into an empty supervisor"));
                return;
            }
        }
        for (HandoverManifest.Socket socket : manifest.sockets()) {
            listeners.adopt(socket.app(), socket.address(), fds.get(socket.fd()));
        }
        List<ManagedProcess> imported = new ArrayList<>(manifest.apps().size());
        for (HandoverManifest.App app : manifest.apps()) {
            imported.add(importApp(app, fds, marked));
        }
        result.complete(imported.stream().map(ManagedProcess::snapshot).toList());
    }

    private ManagedProcess importApp(HandoverManifest.App app, List<dev.velos.sys.Fd> fds,
                                     List<dev.velos.sys.linux.ProcEnviron.Marked> marked) {
        ManagedProcess entry = new ManagedProcess(app.id(), environments.share(app.spec()));
        nextId = Math.max(nextId, app.id() + 1);
        entry.status = app.status();
        entry.restartCount = app.restartCount();
        entry.consecutiveCrashes = app.consecutiveCrashes();
        entry.lastRestartAt = app.lastRestartAt();
        entry.lastRestartReason = app.lastRestartReason();
        entry.lastExit = app.lastExit();
        byName.put(entry.name(), entry);
        armTriggers(entry, cronSchedule(entry.spec));
        boolean handedChild = app.child().isPresent() && app.child().get().pidfd() != HandoverManifest.NO_FD;
        if (handedChild) {
            takeOverChild(entry, app.child().get(), fds);
        } else if (fds.isEmpty() && app.status().isAlive() && app.status() != ProcessStatus.WAITING) {
            HandoverManifest.Child known = app.child().orElse(null);
            survivors.find(entry.name(), known == null ? 0 : known.pid(), known == null ? 0 : known.startTicks(), marked)
                    .ifPresentOrElse(found -> adoptSurvivor(entry, found), () -> lostWhileAway(entry));
        } else if (app.status().isAlive()) {
            entry.status = ProcessStatus.STOPPED;
        }
        if (app.startPending() || app.status() == ProcessStatus.WAITING) {
            gate.request(entry);
        } else if (app.restartDueMillis() >= 0 && entry.child == null) {
            entry.restartTimer = loop.schedule(app.restartDueMillis(), () -> {
                entry.restartTimer = null;
                respawn(entry, true);
            });
        }
        return entry;
    }

    /** A hand-over: the predecessor's own pidfd, pipes and channels, and the partial lines it had read. */
    private void takeOverChild(ManagedProcess entry, HandoverManifest.Child handed, List<dev.velos.sys.Fd> fds) {
        dev.velos.sys.Fd out = handed.stdout() >= 0 ? fds.get(handed.stdout()) : openDevNull();
        dev.velos.sys.Fd err = handed.stderr() >= 0 ? fds.get(handed.stderr()) : openDevNull();
        Child child = attachTaken(entry, handed.pid(), handed.startedAt(), fds.get(handed.pidfd()), out, err);
        child.stdout.prefeed(handed.stdoutPartial());
        child.stderr.prefeed(handed.stderrPartial());
        if (handed.channel() >= 0) {
            child.channel = new ChannelReader(loop, fds.get(handed.channel()), pipes.buffer(),
                    new VelosFrames(entry.name(), () -> onChannelMessage(entry, child)));
        }
        if (handed.nodeChannel() >= 0) {
            child.nodeChannel = new ChannelReader(loop, fds.get(handed.nodeChannel()), pipes.buffer(),
                    new NodeMessages(() -> onChannelMessage(entry, child)));
        }
        if (handed.notifySocket() >= 0) {
            child.notify = new NotifySocket(loop, fds.get(handed.notifySocket()), java.nio.file.Path.of(handed.notifyPath()),
                    pipes.buffer(), fields -> onNotify(entry, child, fields, () -> onChannelMessage(entry, child)));
        }
        resumeChild(entry, child);
    }

    /** An adoption after a crash: a verified survivor, its pipes reopened, its listening sockets taken back. */
    private void adoptSurvivor(ManagedProcess entry, Survivors.Found found) {
        java.time.Instant startedAt = startInstant(found.startTicks());
        Child child = attachTaken(entry, found.pid(), startedAt, found.pidfd(), survivors.reopenOutput(found.pid(), 1),
                survivors.reopenOutput(found.pid(), 2));
        List<java.util.Optional<dev.velos.sys.Fd>> sockets = survivors.takeSockets(found, entry.spec.listen());
        for (int i = 0; i < sockets.size(); i++) {
            dev.velos.model.ListenAddress address = entry.spec.listen().get(i);
            if (sockets.get(i).isPresent() && !listeners.holds(entry.name(), address)) {
                listeners.adopt(entry.name(), address, sockets.get(i).get());
            } else {
                sockets.get(i).ifPresent(fd -> fd.close(loop.callState()));
            }
        }
        // Its notify socket died with the predecessor; one bound anew at the same path gets its next
        // sd_notify() (which sends to the path each time), so a watchdog app is not killed for pings that went nowhere.
        survivors.rebindNotify(found.pid()).ifPresent(ep -> child.notify = new NotifySocket(loop, ep.fd(), ep.path(),
                pipes.buffer(), fields -> onNotify(entry, child, fields, () -> onChannelMessage(entry, child))));
        entry.status = ProcessStatus.RUNNING; // its ready message, if it sent one, went to the dead supervisor
        resumeChild(entry, child);
        LOG.log(Level.INFO, "adopted process ''{0}'' (pid {1}) left running by a previous supervisor", entry.name(), found.pid());
    }

    /** The app was alive when the predecessor died and is gone now: report it, then its restart policy decides. */
    private void lostWhileAway(ManagedProcess entry) {
        ProcessStatus before = entry.status;
        entry.lastExit = ExitStatus.UNKNOWN;
        emit(new ProcessEvent.Exited(entry.id, entry.name(), clock.instant(), entry.lastPid, ExitStatus.UNKNOWN, false));
        ExitPolicy.Decision decision = ExitPolicy.decide(entry.spec.restart(), entry.spec.orchestration().exitCodes(), before,
                ExitStatus.UNKNOWN, Duration.ofDays(1), entry.consecutiveCrashes);
        entry.status = decision.status();
        LOG.log(Level.WARNING, "process ''{0}'' exited while no supervisor ran (exit status unknown); {1}", entry.name(),
                decision.action() == ExitPolicy.Action.RESTART ? "restarting it" : "not restarting it (autorestart is off)");
        if (decision.action() == ExitPolicy.Action.RESTART) {
            scheduleRestart(entry, decision);
        }
    }

    private Child attachTaken(ManagedProcess entry, int pid, java.time.Instant startedAt, dev.velos.sys.Fd pidfd,
                              dev.velos.sys.Fd stdout, dev.velos.sys.Fd stderr) {
        PipeReader out = new PipeReader(pipes, stdout, assembler(entry, LogStream.STDOUT));
        PipeReader err = new PipeReader(pipes, stderr, assembler(entry, LogStream.STDERR));
        long ageNanos = Math.max(0, Duration.between(startedAt, clock.instant()).toNanos());
        Child child = new Child(pid, startedAt, System.nanoTime() - ageNanos, pidfd, out, err);
        child.adopted = true;
        child.watchExit(loop, events -> onExitReady(entry, child));
        return child;
    }

    /** The taken-over generation becomes the entry's: probes, watchdog and the ready wait resume from now. */
    private void resumeChild(ManagedProcess entry, Child child) {
        entry.child = child;
        entry.lastPid = child.pid;
        entry.startedAt = child.startedAt;
        byPid.put(child.pid, entry);
        probing.start(entry, child);
        if (entry.status == ProcessStatus.STARTING) {
            child.listenTimer = loop.schedule(entry.spec.ready().listenTimeout().toMillis(), () -> onListenTimeout(entry, child));
        } else if (entry.status == ProcessStatus.RUNNING) {
            armWatchdog(entry, child);
        }
    }

    /** A NOTIFY_SOCKET datagram: READY=1 runs {@code onReady}; STATUS= and WATCHDOG=1 count for the current generation only. */
    private void onNotify(ManagedProcess entry, Child child, Map<String, String> fields, Runnable onReady) {
        if (fields.containsKey("STATUS") && entry.child == child) {
            entry.statusText = fields.get("STATUS");
        }
        if ("1".equals(fields.get("READY"))) {
            onReady.run();
        }
        if ("1".equals(fields.get("WATCHDOG")) && entry.child == child) {
            armWatchdog(entry, child);
        }
    }

    private dev.velos.sys.Fd openDevNull() {
        return dev.velos.sys.Fds.open(loop.callState(), "/dev/null", dev.velos.sys.Fds.O_RDONLY | dev.velos.sys.Fds.O_NONBLOCK
                | dev.velos.sys.Fds.O_CLOEXEC);
    }

    /** The wall-clock start of a process from its start time in clock ticks since boot. */
    private java.time.Instant startInstant(long startTicks) {
        try {
            long uptimeMillis = (long) (Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"))
                    .split(" ")[0]) * 1000);
            long startMillis = startTicks * 1000 / dev.velos.sys.linux.ProcFs.clockTicksPerSecond();
            return clock.instant().minusMillis(Math.max(0, uptimeMillis - startMillis));
        } catch (java.io.IOException | RuntimeException e) {
            return clock.instant();
        }
    }

    // ---- periodic work ----------------------------------------------------------------------

    /**
     * Sampling walks all of {@code /proc} (every process's stat, to find group members), which
     * with 1,000 apps is a measurable cost. So the periodic pass runs only while it has a reader:
     * an app with a memory limit, or someone who looked ({@link #list}/{@link #info}) in the last
     * {@link #WATCHED_NANOS}; an idle daemon nobody watches does no work at all. A look at stale
     * figures samples first, so what is shown is never older than half an interval.
     */
    private void scheduleSampling() {
        samplingPass = loop.schedule(config.samplingInterval().toMillis(), () -> {
            boolean watched = System.nanoTime() - lastLookNanos < WATCHED_NANOS;
            if (!watched && !anyMemoryLimitSet()) {
                // Nobody reads the figures: the timer goes, so an idle loop sleeps until the next look or limit.
                samplingPass = null;
                return;
            }
            try {
                if (watched || anyMemoryLimit()) {
                    sample();
                    enforceMemoryLimits();
                }
            } finally {
                scheduleSampling();
            }
        });
    }

    /** Arms the periodic pass unless it is armed (or running: it re-arms itself). */
    private void keepSampling() {
        if (samplingPass == null) {
            scheduleSampling();
        }
    }

    /** An entry's spec was set: one with a memory limit needs the periodic pass, whether anyone looks or not. */
    private void armSampling(ManagedProcess entry) {
        if (entry.spec.triggers().maxMemoryBytes() > 0) {
            keepSampling();
        }
    }

    private void sampleOnDemand() {
        long now = System.nanoTime();
        lastLookNanos = now;
        keepSampling();
        if (now - lastSampleNanos > config.samplingInterval().toNanos() / 2) {
            sample();
        }
    }

    private void sample() {
        if (sampler == null) {
            sampler = new GroupSampler();
        }
        sampler.sample(byName.values());
        lastSampleNanos = System.nanoTime();
    }

    /** Whether any entry, running or not, has a memory limit (a crashed one comes back by its restart policy). */
    private boolean anyMemoryLimitSet() {
        for (ManagedProcess entry : byName.values()) {
            if (entry.spec.triggers().maxMemoryBytes() > 0) {
                return true;
            }
        }
        return false;
    }

    private boolean anyMemoryLimit() {
        for (ManagedProcess entry : byName.values()) {
            if (entry.spec.triggers().maxMemoryBytes() > 0 && entry.status == ProcessStatus.RUNNING) {
                return true;
            }
        }
        return false;
    }

    /** REFERENCE §5.2: RSS of the whole group above the limit → a graceful, counted restart. */
    private void enforceMemoryLimits() {
        for (ManagedProcess entry : List.copyOf(byName.values())) {
            long limit = entry.spec.triggers().maxMemoryBytes();
            if (limit > 0 && entry.status == ProcessStatus.RUNNING && !entry.stopRequested && entry.memoryBytes > limit) {
                LOG.log(Level.INFO, "process ''{0}'' uses {1} bytes, over its limit of {2}; restarting it",
                        entry.name(), entry.memoryBytes, limit);
                triggeredRestart(entry, "memory");
            }
        }
    }

    private void triggeredRestart(ManagedProcess entry, String reason) {
        entry.lastRestartReason = reason;
        emit(new ProcessEvent.TriggeredRestart(entry.id, entry.name(), clock.instant(), reason));
        beginStop(entry, ManagedProcess.AfterStop.RESTART);
    }

    /**
     * (Re)arms what {@code entry}'s spec asks the loop to watch for it — its cron schedule
     * ({@code parsed}), its watched paths, and sampling for a memory limit — whenever a spec is set.
     */
    private void armTriggers(ManagedProcess entry, java.util.Optional<CronSchedule> parsed) {
        armCron(entry, parsed);
        armWatch(entry);
        armSampling(entry);
    }

    /**
     * (Re)arms {@code entry} on {@code parsed}, the schedule of its spec that the caller parsed to
     * check it before changing anything (so the expression is parsed once per start, not twice).
     */
    private void armCron(ManagedProcess entry, java.util.Optional<CronSchedule> parsed) {
        if (parsed.isEmpty()) {
            disarmCron(entry);
            return;
        }
        CronSchedule schedule = parsed.get();
        if (cron == null) {
            cron = new CronTimers(loop, clock);
        }
        if (entry.spec.orchestration().schedule().isScheduled()) {
            cron.arm(entry, schedule, () -> scheduledRun(entry, "cron"));
            return;
        }
        cron.arm(entry, schedule, () -> {
            if (entry.status == ProcessStatus.RUNNING && !entry.stopRequested) {
                triggeredRestart(entry, "cron");
            }
        });
    }

    /** The parsed schedule of {@code spec}'s cron expression, if it has one; throws for one that does not parse. */
    private static java.util.Optional<CronSchedule> cronSchedule(AppSpec spec) {
        return cronExpression(spec).map(expression -> CronSchedule.parse(spec.name(), expression));
    }

    /** The one cron expression of a spec: a job's {@code cron}, or {@code cron_restart} (never both). */
    private static java.util.Optional<String> cronExpression(AppSpec spec) {
        if (spec.orchestration().schedule().isScheduled()) {
            return java.util.Optional.of(spec.orchestration().schedule().cron());
        }
        String restart = spec.triggers().cronRestart();
        return restart.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(restart);
    }

    private void disarmCron(ManagedProcess entry) {
        if (cron != null) {
            cron.disarm(entry);
        }
    }

    /** The wall clock was set: what CronTimers does when the kernel says so (a test hook). */
    void clockChanged() {
        if (cron != null) {
            cron.clockChanged();
        }
    }

    /** (Re)creates {@code entry}'s file watcher from its spec (none when watching is off). */
    private void armWatch(ManagedProcess entry) {
        closeWatch(entry);
        var watch = entry.spec.triggers().watch();
        if (!watch.enabled()) {
            return;
        }
        List<java.nio.file.Path> roots = watch.paths().isEmpty() ? List.of(entry.spec.cwd())
                : watch.paths().stream().map(p -> entry.spec.cwd().resolve(p).normalize()).toList();
        try {
            FileWatcher watcher = new FileWatcher(roots, watch.ignore(), config.watchIgnoredDirectory());
            entry.watcher = watcher;
            entry.watcherToken = loop.register(watcher.fd(), dev.velos.sys.Epoll.EPOLLIN, events -> onFilesChanged(entry));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot watch files for ''{0}'': {1}", entry.name(), e.getMessage());
        }
    }

    /** Debounce: a restart comes {@code watch_delay} after the last change, not after the first. */
    private void onFilesChanged(ManagedProcess entry) {
        FileWatcher watcher = entry.watcher;
        if (watcher == null || watcher.drain().isEmpty()) {
            return;
        }
        if (entry.watchTimer != null) {
            entry.watchTimer.cancel();
        }
        entry.watchTimer = loop.schedule(entry.spec.triggers().watch().delay().toMillis(), () -> {
            entry.watchTimer = null;
            if (entry.status == ProcessStatus.RUNNING && !entry.stopRequested) {
                triggeredRestart(entry, "watch");
            }
        });
    }

    private void closeWatch(ManagedProcess entry) {
        if (entry.watchTimer != null) {
            entry.watchTimer.cancel();
            entry.watchTimer = null;
        }
        if (entry.watcher != null) {
            loop.deregister(entry.watcherToken, entry.watcher.fd());
            entry.watcher.close();
            entry.watcher = null;
        }
    }

    /** The addresses {@code name}'s app listens on, as bound (port 0 replaced by the kernel's choice). */
    void boundListeners(String name, CompletableFuture<List<dev.velos.model.ListenAddress>> result) {
        if (!byName.containsKey(name)) {
            result.completeExceptionally(SupervisorException.notFound(name));
            return;
        }
        result.complete(listeners.bound(name));
    }

    /** Kills the hook and probe commands still running; completes when they are reaped (the supervisor is closing). */
    CompletableFuture<Void> killSideProcesses() {
        return sides.killAll();
    }

    /** Closes the apps' listening sockets (the supervisor is closing; its apps are stopped). */
    void releaseSockets() {
        listeners.closeAll(true);
    }

    /** Closes every watcher and cancels every schedule (the supervisor is closing). */
    void releaseTriggers() {
        for (ManagedProcess entry : byName.values()) {
            closeWatch(entry);
        }
        if (cron != null) {
            cron.close();
            cron = null;
        }
    }

    private void onChannelMessage(ManagedProcess entry, Child child) {
        markReady(entry, child, "ready message");
    }

    /**
     * systemd's watchdog: once ready, each {@code WATCHDOG=1} pushes the deadline out by the
     * interval; a deadline that passes means a hung app, which is restarted (reason {@code watchdog}).
     */
    private void armWatchdog(ManagedProcess entry, Child child) {
        Duration interval = entry.spec.ready().watchdog();
        if (interval.isZero() || child.reaped) {
            return;
        }
        if (child.watchdogTimer != null) {
            child.watchdogTimer.cancel();
        }
        child.watchdogTimer = loop.schedule(interval.toMillis(), () -> {
            child.watchdogTimer = null;
            if (entry.child == child && !child.reaped && entry.status == ProcessStatus.RUNNING && !entry.stopRequested) {
                LOG.log(Level.WARNING, "process ''{0}'' missed its watchdog ({1} ms without WATCHDOG=1); restarting it",
                        entry.name(), interval.toMillis());
                triggeredRestart(entry, "watchdog");
            }
        });
    }

    private void onListenTimeout(ManagedProcess entry, Child child) {
        if (entry.child == child && entry.status == ProcessStatus.STARTING && !child.reaped) {
            entry.status = ProcessStatus.RUNNING;
            LOG.log(Level.WARNING, "process ''{0}'' did not signal readiness within {1} ms; marking it running",
                    entry.name(), entry.spec.ready().listenTimeout().toMillis());
            emit(new ProcessEvent.Ready(entry.id, entry.name(), clock.instant(), true));
            hooks.fire(entry.id, entry.spec, HookEvent.READY, ExitStatus.NONE, "listen timeout");
        }
    }

    private void scheduleOrphanReaping() {
        orphanPass = loop.schedule(orphanReaper.nextPassMillis(), () -> {
            try {
                reapOrphans();
            } finally {
                scheduleOrphanReaping();
            }
        });
    }

    /** An app's leader exited: what it leaves behind is reparented here and may die soon; look within a second. */
    private void hurryOrphanReaping() {
        orphanReaper.expectOrphans();
        if (orphanPass != null && orphanPass.isPending()
                && orphanPass.remainingNanos(System.nanoTime()) > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(OrphanReaper.BUSY_PASS_MILLIS)) {
            orphanPass.cancel();
            scheduleOrphanReaping();
        }
    }

    private void reapOrphans() {
        if (spawnsInFlight == 0 && !sides.spawnInFlight()) {
            try {
                orphanReaper.reap(loop.callState(), pid -> byPid.containsKey(pid) || sides.owns(pid));
            } catch (ErrnoException e) {
                LOG.log(Level.WARNING, "orphan reaping failed", e);
            }
        }
    }

    /** See {@link Supervisor#stopStrays}. */
    CompletableFuture<Integer> stopStrays(Duration killTimeout) {
        return strays.sweepAll((app, pid) -> {
            ManagedProcess entry = byName.get(app);
            if (entry == null || (entry.child == null && entry.replacement == null && !entry.spawning)) {
                return true;
            }
            if (entry.child == null || entry.replacement != null || entry.spawning) {
                return false; // a generation whose pid is not known here yet: nothing can be told apart
            }
            // An adopted app: its process and whatever descends from it stay; another process with
            // its marker is one the dead daemon spawned after its last state save (a restart in
            // flight at the kill) — a second copy of the app.
            return !descendsFrom(pid, entry.child.pid);
        }, killTimeout.toMillis());
    }

    /** Whether {@code pid} is {@code ancestor} or below it in the process tree (by /proc's parent pids). */
    private static boolean descendsFrom(int pid, int ancestor) {
        int current = pid;
        for (int depth = 0; depth < 64 && current > 1; depth++) {
            if (current == ancestor) {
                return true;
            }
            java.util.Optional<dev.velos.sys.linux.ProcStat> stat = dev.velos.sys.linux.ProcFs.stat(current);
            if (stat.isEmpty()) {
                return false;
            }
            current = stat.get().ppid();
        }
        return false;
    }

    long orphansReaped() {
        return orphanReaper.reapedCount();
    }

    private void emit(ProcessEvent event) {
        tell(event, event.name(), listener -> listener.onEvent(event));
    }

    private void emit(OrchestrationEvent event) {
        tell(event, event.name(), listener -> listener.onOrchestrationEvent(event));
    }

    /** Tells every listener; then, as every event is a change, the start gate looks again. */
    private void tell(Object event, String name, java.util.function.Consumer<ProcessListener> call) {
        for (ProcessListener listener : config.listeners()) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "process listener failed on " + event, e);
            }
        }
        afterEvent(name);
    }

    /** The entry may free its start slot, and waiting entries look again. */
    private void afterEvent(String name) {
        ManagedProcess entry = byName.get(name);
        if (entry != null) {
            gate.settle(entry);
        }
        gate.poke();
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** The cause of a spawner failure; an Error there (OutOfMemoryError) is rethrown on the loop, where it is fatal. */
    private static Throwable fatalOrCause(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof Error fatal) {
            throw fatal;
        }
        return cause;
    }
}
