// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import static dev.velos.daemon.Futures.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.velos.ipc.Commands;
import dev.velos.ipc.HandingOverException;
import dev.velos.ipc.LogCodecs;
import dev.velos.ipc.Payload;
import dev.velos.ipc.ProcessCodecs;
import dev.velos.ipc.RequestHandler;
import dev.velos.ipc.WireCodecs;
import dev.velos.ipc.WireTypes;
import dev.velos.ipc.Warned;
import dev.velos.logs.LogPolicy;
import dev.velos.model.AppNames;
import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessInfo;
import dev.velos.model.VelosException;
import dev.velos.model.VelosVersion;
import dev.velos.supervisor.StartResult;
import dev.velos.supervisor.Supervisor;

/**
 * Answers the control socket's commands against the supervisor. Runs on the connections'
 * virtual threads; it only waits on supervisor futures, never on native calls. After every
 * change it has the {@link StateKeeper} rewrite {@code state.bin}, so a crash or reboot loses nothing.
 */
final class DaemonCommands implements RequestHandler {
    private final Supervisor supervisor;
    private final AppLogs logs;
    private final StateKeeper state;
    private final Runnable shutdown;
    /** Upper bound of one read, so a typo like -l 999999999 cannot exhaust the daemon's heap. */
    private static final int MAX_LOG_LINES = 200_000;
    private static final int MAX_INSTANCES = 1024;
    private final long startedNanos = System.nanoTime();
    /** Commands that change the list: their answers carry a warning while the list cannot be saved. */
    private static final Set<String> CHANGES = Set.of(Commands.START, Commands.START_MANY, Commands.START_EXISTING, Commands.STOP,
            Commands.RESTART, Commands.RELOAD, Commands.DELETE, Commands.SCALE, Commands.CONFIG_SET, Commands.RESURRECT,
            Commands.RESET);

    private final EventHub events;
    private final SelfStats self;
    private volatile DaemonRestart restart;
    /** Why {@code daemon.restart} is refused while {@link #restart} is unset. */
    private volatile String noRestart = "this daemon cannot restart itself yet; try again";

    DaemonCommands(Supervisor supervisor, AppLogs logs, StateKeeper state, Runnable shutdown, EventHub events,
                   SelfStats self) {
        this.supervisor = supervisor;
        this.logs = logs;
        this.state = state;
        this.shutdown = shutdown;
        this.events = events;
        this.self = self;
    }

    /** Who answers {@code daemon.restart} (set once the daemon is wired). */
    void restartWith(DaemonRestart value) {
        this.restart = value;
    }

    /** This daemon never hands over ({@code velos run}, whose process is its container's): {@code why}. */
    void refuseRestart(String why) {
        this.noRestart = why;
    }

    /**
     * Answers {@code cmd}. Once this daemon has handed its apps to its successor (a daemon
     * restart), it answers nothing more: a request is refused as not run, and one that was under
     * way fails as possibly run in part ({@link HandingOverException}); the client asks the
     * successor, which already listens at the socket's path (docs/HANDOVER.md).
     */
    @Override
    public Object handle(String cmd, Payload args) {
        if (supervisor.handedOver()) {
            throw HandingOverException.notRun(cmd);
        }
        Object result;
        try {
            result = answer(cmd, args);
        } catch (VelosException e) {
            if (supervisor.handedOver() && !(e instanceof HandingOverException)) {
                throw Commands.isReadOnly(cmd) ? HandingOverException.notRun(cmd) : HandingOverException.mayHaveRun(cmd);
            }
            throw e;
        }
        if (CHANGES.contains(cmd)) {
            Optional<String> warning = state.warning();
            if (warning.isPresent()) {
                return new Warned(result, warning.get());
            }
        }
        return result;
    }

    private Object answer(String cmd, Payload args) {
        return switch (cmd) {
            case Commands.PING -> new WireTypes.Pong(VelosVersion.CURRENT, ProcessHandle.current().pid(),
                    (System.nanoTime() - startedNanos) / 1_000_000);
            case Commands.START -> start(List.of(args.as(ProcessCodecs.START_ARGS)), null);
            case Commands.START_MANY -> {
                WireTypes.StartManyArgs many = args.as(ProcessCodecs.START_MANY_ARGS);
                yield start(many.apps(), many.clientEnv());
            }
            case Commands.START_EXISTING -> change(target(args), this::startIfIdle, true);
            case Commands.STOP -> stop(target(args));
            case Commands.RESTART -> change(target(args), p -> supervisor.restart(p.name()), true);
            case Commands.RESET -> reset(target(args));
            case Commands.RELOAD -> reload(target(args));
            case Commands.RUN_NOW -> runNow(target(args));
            case Commands.DELETE -> delete(target(args));
            case Commands.LIST -> views(processes());
            case Commands.SCALE -> scale(args.as(WireCodecs.SCALE_ARGS));
            case Commands.INFO -> info(args.as(WireCodecs.INFO_ARGS));
            case Commands.LOGS_READ -> logsRead(args.as(LogCodecs.LOGS_ARGS));
            case Commands.LOGS_FOLLOW -> logsFollow(args.as(LogCodecs.LOGS_ARGS));
            case Commands.LOGS_FLUSH -> logsFlush(target(args));
            case Commands.LOGS_SUMMARY -> logsSummary(args.as(LogCodecs.LOGS_QUERY));
            case Commands.LOGS_DEDUPE -> logsDedupe(args.as(LogCodecs.LOGS_QUERY));
            case Commands.SAVE -> state.save();
            case Commands.RESURRECT -> state.resurrect();
            case Commands.KILL -> kill();
            case Commands.CONFIG_GET -> Targets.resolve(target(args), processes()).stream()
                    .map(p -> ConfigEditor.settings(p.spec())).toList();
            case Commands.CONFIG_SET -> configSet(args.as(ProcessCodecs.CONFIG_SET_ARGS));
            case Commands.SIGNAL -> signal(args.as(WireCodecs.SIGNAL_ARGS));
            case Commands.EVENTS -> events.subscribe(args.as(WireCodecs.EVENTS_ARGS));
            case Commands.DAEMON_STATS -> self.snapshot();
            case Commands.DAEMON_RESTART -> {
                if (restart == null) {
                    throw new VelosException(ErrorCode.INVALID_ARGUMENT, noRestart);
                }
                yield restart.run(args.as(WireCodecs.DAEMON_RESTART_ARGS).launcher());
            }
            default -> throw new VelosException(ErrorCode.INVALID_ARGUMENT, "unknown command '" + cmd
                    + "'; this daemon speaks velos " + VelosVersion.CURRENT);
        };
    }

    /**
     * Apps in order (one {@code start}, or a config file's {@code start.many}); each one app or,
     * with {@code instances > 1}, a cluster: entries {@code name:0 … name:N-1}, each its own
     * process with {@code VELOS_INSTANCE_ID}. Everything is checked before anything starts; then
     * all are spawned in one batch ({@code Supervisor.startAll}), each app starting or failing on
     * its own, and state.bin is written once at the end, however many apps there are. If any
     * failed, the answer is an error naming them (the others run); a single app's failure is
     * its own error, as before.
     */
    /** {@code velos run}'s apps, started as a {@code start.many} request with {@code clientEnv} would start them. */
    List<WireTypes.ProcessView> startApps(List<WireTypes.StartArgs> apps, Map<String, String> clientEnv) {
        return start(apps, clientEnv);
    }

    private List<WireTypes.ProcessView> start(List<WireTypes.StartArgs> apps, Map<String, String> clientEnv) {
        if (apps == null || apps.isEmpty()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "no app to start");
        }
        List<AppSpec> specs = new ArrayList<>();
        Map<String, LogPolicy> policies = new java.util.HashMap<>();
        for (WireTypes.StartArgs args : apps) {
            AppSpec spec = Views.spec(args, clientEnv);
            LogPolicy policy = Views.logPolicy(spec);
            List<AppSpec> instances = instances(spec, args.instances() == null ? 1 : args.instances());
            supervisor.check(instances.getFirst());
            instances.forEach(s -> policies.put(s.name(), policy));
            specs.addAll(instances);
        }
        LogNameClash.check(specs.stream().map(AppSpec::name).toList(), processes());
        List<WireTypes.ProcessView> started = new ArrayList<>();
        List<StartResult.Failed> failed = new ArrayList<>();
        try {
            specs.forEach(s -> logs.policy(s.name(), policies.get(s.name())));
            for (StartResult r : await(supervisor.startAll(specs))) {
                switch (r) {
                    case StartResult.Started s -> {
                        started.add(Views.of(s.info()));
                        state.wantRunning(s.name(), true);
                    }
                    case StartResult.Failed f -> failed.add(f);
                }
            }
        } finally {
            state.persist();
        }
        if (failed.size() == 1 && specs.size() == 1) {
            throw failed.getFirst().error();
        }
        if (!failed.isEmpty()) {
            StringBuilder why = new StringBuilder(failed.size() + " of " + specs.size() + " apps did not start ("
                    + started.size() + " started):");
            failed.stream().limit(20).forEach(f -> why.append("\n  ").append(f.name()).append(": ")
                    .append(f.error().getMessage()));
            if (failed.size() > 20) {
                why.append("\n  ... and ").append(failed.size() - 20).append(" more");
            }
            throw new VelosException(failed.getFirst().error().code(), why.toString());
        }
        return started;
    }

    private static List<AppSpec> instances(AppSpec spec, int instances) {
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "instances must be 1-" + MAX_INSTANCES + ", got " + instances);
        }
        if (instances == 1) {
            return List.of(spec);
        }
        if (spec.name().contains(":")) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "a cluster's name cannot contain ':' ('" + spec.name()
                    + "'); velos names the instances name:0, name:1, ...");
        }
        List<AppSpec> specs = new ArrayList<>(instances);
        for (int k = 0; k < instances; k++) {
            specs.add(spec.asInstance(spec.name(), k));
        }
        return specs;
    }

    /**
     * {@code scale <name> <N|+N|-N|max>}: counts the live instances only, starts new ones from the
     * app's spec at the lowest indexes not live (a stopped instance at that index starts again),
     * and stops and removes the highest live ones.
     */
    private WireTypes.ScaleResult scale(WireTypes.ScaleArgs args) {
        // One snapshot of the table: this thread is the only one adding or removing entries meanwhile.
        List<ProcessInfo> all = processes();
        List<ProcessInfo> members = all.stream()
                .filter(p -> p.spec().isClusterInstance() && AppNames.baseOf(p.name()).equals(args.name())).toList();
        if (members.isEmpty()) {
            boolean fork = all.stream().anyMatch(p -> p.name().equals(args.name()));
            throw new VelosException(fork ? ErrorCode.INVALID_ARGUMENT : ErrorCode.NOT_FOUND, fork
                    ? "'" + args.name() + "' runs as a single process; start it with -i N to run it as a cluster"
                    : "cluster '" + args.name() + "' not found; run 'velos list' to see the names");
        }
        List<ProcessInfo> live = members.stream().filter(p -> p.status().isAlive()).toList();
        int target = ScaleCount.parse(args.count(), live.size(), Runtime.getRuntime().availableProcessors());
        int started = 0;
        int stopped = 0;
        try {
            if (target > live.size()) {
                AppSpec template = members.getFirst().spec();
                java.util.Set<Integer> liveIndexes = new java.util.HashSet<>();
                live.forEach(p -> liveIndexes.add(p.spec().instance()));
                List<AppSpec> added = new ArrayList<>();
                for (int k = 0; liveIndexes.size() < target; k++) {
                    if (liveIndexes.add(k)) {
                        added.add(template.asInstance(args.name(), k));
                    }
                }
                // Every new name is checked before any starts, as start.many does: a clash starts none.
                LogNameClash.check(added.stream().map(AppSpec::name).toList(), all);
                for (AppSpec s : added) {
                    logs.policy(s.name(), Views.logPolicy(s));
                    await(supervisor.start(s));
                    state.wantRunning(s.name(), true);
                    started++;
                }
            } else if (target < live.size()) {
                List<ProcessInfo> highestFirst = live.stream()
                        .sorted(java.util.Comparator.comparingInt((ProcessInfo p) -> p.spec().instance()).reversed())
                        .limit(live.size() - target).toList();
                for (ProcessInfo p : highestFirst) {
                    await(supervisor.delete(p.name()));
                    state.forget(p.name());
                    logs.forget(p.name());
                    stopped++;
                }
            }
        } finally {
            state.persist();
        }
        return new WireTypes.ScaleResult(args.name(), started, stopped, target);
    }

    private List<WireTypes.ProcessView> change(String target, Function<ProcessInfo, CompletableFuture<ProcessInfo>> action,
                                               boolean running) {
        List<ProcessInfo> targets = Targets.resolve(target, processes());
        List<CompletableFuture<ProcessInfo>> pending = new ArrayList<>();
        for (ProcessInfo p : targets) {
            state.wantRunning(p.name(), running);
            pending.add(action.apply(p));
        }
        List<WireTypes.ProcessView> result = new ArrayList<>();
        try {
            for (CompletableFuture<ProcessInfo> f : pending) {
                result.add(Views.of(await(f)));
            }
        } finally {
            state.persist();
        }
        return result;
    }

    /**
     * A stopped or errored app starts again with its stored spec (the supervisor counts an errored
     * app's restarts from 0 again); one that runs, starts or waits for its dependencies is left as it is.
     */
    private CompletableFuture<ProcessInfo> startIfIdle(ProcessInfo p) {
        return p.status().isStartable() ? supervisor.start(p.spec()) : CompletableFuture.completedFuture(p);
    }

    /**
     * {@code stop}: every target in one ordered stop, dependents first (an app is stopped only once
     * the apps of the set that depend on it are gone), as daemon shutdown does.
     */
    private List<WireTypes.ProcessView> stop(String target) {
        List<ProcessInfo> targets = Targets.resolve(target, processes());
        targets.forEach(p -> state.wantRunning(p.name(), false));
        try {
            return await(supervisor.stopAll(targets.stream().map(ProcessInfo::name).toList())).stream()
                    .map(Views::of).toList();
        } finally {
            state.persist();
        }
    }

    /** {@code reset}: each target's restart counters from 0, kept in state.bin; nothing else changes. */
    private List<WireTypes.ProcessView> reset(String target) {
        List<ProcessInfo> targets = Targets.resolve(target, processes());
        try {
            return targets.stream().map(p -> Views.of(await(supervisor.resetCounters(p.name())))).toList();
        } finally {
            state.persist();
        }
    }

    /** {@code run_now}: each target's job runs now; whether it should run after a restore is left as it was. */
    private List<WireTypes.ProcessView> runNow(String target) {
        List<WireTypes.ProcessView> result = new ArrayList<>();
        for (ProcessInfo p : Targets.resolve(target, processes())) {
            result.add(Views.of(await(supervisor.runNow(p.name()))));
        }
        return result;
    }

    /** One instance at a time, so a cluster of N keeps N - 1 serving (and the reloading one's old self) throughout. */
    private List<WireTypes.ProcessView> reload(String target) {
        List<WireTypes.ProcessView> result = new ArrayList<>();
        try {
            for (ProcessInfo p : Targets.resolve(target, processes())) {
                state.wantRunning(p.name(), true);
                result.add(Views.of(await(supervisor.reload(p.name()))));
            }
        } finally {
            state.persist();
        }
        return result;
    }

    /** A real signal to each target's main process (not a stop): the app decides what it means. */
    private List<WireTypes.ProcessView> signal(WireTypes.SignalArgs args) {
        int number = SignalNames.parse(args.signal());
        List<CompletableFuture<ProcessInfo>> pending = Targets.resolve(args.target(), processes()).stream()
                .map(p -> supervisor.signal(p.name(), number)).toList();
        return pending.stream().map(f -> Views.of(await(f))).toList();
    }

    private List<WireTypes.ProcessView> delete(String target) {
        List<ProcessInfo> targets = Targets.resolve(target, processes());
        List<CompletableFuture<ProcessInfo>> pending = targets.stream().map(p -> supervisor.delete(p.name())).toList();
        List<WireTypes.ProcessView> result = new ArrayList<>();
        try {
            for (int i = 0; i < pending.size(); i++) {
                result.add(Views.of(await(pending.get(i))));
                String name = targets.get(i).name();
                state.forget(name);
                logs.forget(name);
            }
        } finally {
            state.persist();
        }
        return result;
    }

    /**
     * Changes the stored spec of every app {@code a.target()} names: all new specs are built and
     * checked first, so a bad value changes nothing; then they replace the old ones, are saved,
     * and with {@code restart} the running apps restart on them (stopped ones stay stopped).
     */
    private WireTypes.ConfigSetResult configSet(WireTypes.ConfigSetArgs a) {
        List<ProcessInfo> targets = Targets.resolve(a.target(), processes());
        ConfigEditor edit = ConfigEditor.of(a.changes());
        List<AppSpec> specs = targets.stream().map(p -> edit.applyTo(p.spec())).toList();
        if (edit.changesLaunch()) {
            specs.forEach(supervisor::check);
        }
        boolean restarted = false;
        try {
            for (int i = 0; i < specs.size(); i++) {
                ProcessInfo updated = await(supervisor.updateSpec(specs.get(i)));
                if (edit.changesLogs()) {
                    logs.policy(updated.name(), Views.logPolicy(specs.get(i)));
                }
                if (a.restart() && targets.get(i).status().isAlive()) {
                    state.wantRunning(updated.name(), true);
                    await(supervisor.restart(updated.name()));
                    restarted = true;
                }
            }
        } finally {
            state.persist();
        }
        List<WireTypes.AppSettings> after = specs.stream().map(ConfigEditor::settings).toList();
        return new WireTypes.ConfigSetResult(after, edit.keys(), restarted);
    }

    private dev.velos.ipc.PagedResponse logsRead(WireTypes.LogsArgs args) {
        int lines = args.lines() <= 0 ? 50 : Math.min(args.lines(), MAX_LOG_LINES);
        return logs.read(namesToIds(args.target()), lines, args.stream(), Math.max(0, args.sinceMs()));
    }

    private dev.velos.ipc.StreamingResponse logsFollow(WireTypes.LogsArgs args) {
        boolean everyApp = args.target() == null || args.target().isBlank() || args.target().equals("all");
        Map<String, Integer> ids = everyApp ? idsOf(processes()) : namesToIds(args.target());
        return logs.follow(ids, everyApp, Math.min(Math.max(0, args.lines()), MAX_LOG_LINES), args.stream(), args.resume());
    }

    /**
     * The summary of the query's lines, streamed from the files newest first through a
     * {@code SummaryBuilder}: counters and per-template accumulators, never the lines (14.8).
     */
    private WireTypes.SummaryView logsSummary(WireTypes.LogsQuery q) {
        List<ProcessInfo> targets = Targets.resolve(q.target(), processes());
        int restarts = targets.stream().mapToInt(ProcessInfo::restartCount).sum();
        Map<String, Integer> ids = idsOf(targets);
        dev.velos.logs.SummaryBuilder builder = new dev.velos.logs.SummaryBuilder(logs.newestTimestamp(ids, q.stream()));
        long[] fromEnd = {0};
        analysed(q, ids, line -> builder.add(line, -(++fromEnd[0])));
        return LogReports.summary(builder.build(q.target(), restarts));
    }

    private List<WireTypes.DedupView> logsDedupe(WireTypes.LogsQuery q) {
        dev.velos.logs.Dedup.NewestFirst groups = new dev.velos.logs.Dedup.NewestFirst(dev.velos.logs.Dedup.DEFAULT_WINDOW_MS);
        analysed(q, namesToIds(q.target()), groups::add);
        return LogReports.dedupe(groups.build());
    }

    /** The query's lines from the files, newest first, classified and filtered, each handed to {@code consumer}. */
    private void analysed(WireTypes.LogsQuery q, Map<String, Integer> ids,
                          java.util.function.Consumer<dev.velos.logs.ClassifiedLine> consumer) {
        dev.velos.logs.LogFilter filter = LogReports.filter(q);
        int lines = q.lines() <= 0 ? 50 : Math.min(q.lines(), MAX_LOG_LINES);
        logs.newestFirst(ids, lines, q.stream(), Math.max(0, q.sinceMs()), e -> {
            LogReports.classified(e, filter).ifPresent(consumer);
            return true;
        });
    }

    private List<String> logsFlush(String target) {
        List<String> names = Targets.resolve(target == null || target.isBlank() ? "all" : target, processes()).stream()
                .map(ProcessInfo::name).toList();
        logs.truncate(names);
        return names;
    }

    private Map<String, Integer> namesToIds(String target) {
        return idsOf(Targets.resolve(target, processes()));
    }

    private static Map<String, Integer> idsOf(List<ProcessInfo> infos) {
        Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        infos.forEach(p -> ids.put(p.name(), p.id()));
        return ids;
    }

    /**
     * {@code kill}: answered first, with the number of apps that have a live process — the ones the
     * shutdown stops, taken over from a predecessor or adopted after a crash included (they are
     * not this process's children, so a client cannot count them itself) — then the daemon stops.
     */
    private WireTypes.KillResult kill() {
        int apps = (int) processes().stream().filter(p -> p.status().isAlive()).count();
        Thread.ofVirtual().name("velos-kill").start(() -> {
            try {
                Thread.sleep(50); // let the acknowledgement reach the client before connections close
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            shutdown.run();
        });
        return new WireTypes.KillResult(true, apps);
    }

    private List<ProcessInfo> processes() {
        return await(supervisor.list());
    }

    /** List and info views carry the log-writing condition and the per-stream line counters. */
    private List<WireTypes.ProcessView> views(List<ProcessInfo> infos) {
        return views(infos, false);
    }

    private List<WireTypes.ProcessView> info(WireTypes.InfoArgs args) {
        return views(Targets.resolve(args.target(), processes()), args.showEnv());
    }

    private List<WireTypes.ProcessView> views(List<ProcessInfo> infos, boolean showEnv) {
        Map<String, long[]> lines = logs.lineCounts();
        return infos.stream().map(p -> Views.of(p, logs.facts(p.name(), lines), showEnv)).toList();
    }

    private static String target(Payload args) {
        return args.as(WireCodecs.TARGET_ARGS).target();
    }
}
