// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import static dev.velos.daemon.Futures.await;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.velos.ipc.WireTypes;
import dev.velos.model.AppSpec;
import dev.velos.model.ProcessInfo;
import dev.velos.model.VelosException;
import dev.velos.supervisor.StartResult;
import dev.velos.supervisor.Supervisor;

/**
 * The daemon's memory across restarts: which apps it runs and whether each should run, written to
 * {@code state.bin} after every change (so a crash or reboot loses nothing), {@code dump.bin} on
 * {@code save}, and both read back by {@code resurrect} and {@code velos daemon --resurrect}.
 * {@link DaemonCommands} tells it what the user wants; it never dispatches commands itself.
 */
final class StateKeeper {
    /** Printed to the daemon log, one line a record (the daemon sets the format up, see Daemon.openDaemonLog). */
    private static final System.Logger LOG = System.getLogger(StateKeeper.class.getName());
    private final Supervisor supervisor;
    private final AppLogs logs;
    private final StateStore state;
    private final StateSaver saver;
    /** Whether each app should run after a restore: a user stop says no, start/restart say yes. */
    private final Map<String, Boolean> desiredRunning = new ConcurrentHashMap<>();
    private final Map<StartTicksKey, Long> startTicks = new ConcurrentHashMap<>();

    StateKeeper(Supervisor supervisor, AppLogs logs, StateStore state) {
        this.supervisor = supervisor;
        this.logs = logs;
        this.state = state;
        this.saver = new StateSaver(state, () -> snapshot(false));
    }

    /** Records whether {@code name} should run after a restore (saved with the next {@link #persist}). */
    void wantRunning(String name, boolean running) {
        desiredRunning.put(name, running);
    }

    /** {@code name} is gone from the list: nothing to restore for it. */
    void forget(String name) {
        desiredRunning.remove(name);
    }

    /** Why the list cannot be saved right now, while it cannot (answers of changing commands carry it). */
    Optional<String> warning() {
        return saver.warning();
    }

    /** Rewrites state.bin from the current list; a failure is reported and retried ({@link StateSaver}), never thrown. */
    void persist() {
        saver.saveNow();
    }

    /**
     * Schedules a state save soon, coalescing bursts (a crash loop restarts many times a second).
     * Called from the supervisor's loop thread on every start, so the saved pids stay current for
     * finding leftovers after a daemon crash; the save itself runs on a virtual thread.
     */
    void persistSoon() {
        saver.saveSoon();
    }

    /** The final save at shutdown; no retries after it. */
    void persistLast() {
        saver.saveNow();
        saver.close();
    }

    /** After a hand-over: the successor owns state.bin now; this daemon must not write it again. */
    void stopSaving() {
        saver.close();
    }

    /** {@code velos save}: the running list, as it is now, to dump.bin. */
    WireTypes.SaveResult save() {
        List<StateStore.SavedApp> apps = snapshot(true);
        state.saveDump(apps);
        return new WireTypes.SaveResult(apps.size(), state.dumpPath().toString());
    }

    /** {@code velos resurrect}: the dump if there is one, else the live state file. */
    WireTypes.ResurrectResult resurrect() {
        Optional<StateStore.StateFile> dump = state.loadDump();
        if (dump.isPresent()) {
            return restore(dump.get(), "dump.bin");
        }
        return state.loadState().map(s -> restore(s, "state.bin"))
                .orElse(new WireTypes.ResurrectResult(List.of(), List.of(), List.of(), "none"));
    }

    /**
     * {@code velos daemon --resurrect}: the live state file. An unreadable one (corrupt, or
     * written by something else) must not keep the daemon — and so every app — down: it is moved
     * aside to {@code state.bin.corrupt-<time>}, {@code dump.bin} is restored instead if there is
     * one, and the result's source says so (issue 14.10).
     */
    WireTypes.ResurrectResult restoreState() {
        Optional<StateStore.StateFile> saved;
        try {
            saved = state.loadState();
        } catch (DaemonException unreadable) {
            Path aside = state.moveStateAside();
            LOG.log(System.Logger.Level.WARNING, unreadable.getMessage().replaceFirst("; move it away.*", "")
                    + "; moved it to " + aside + " and restoring " + state.dumpPath().getFileName() + " instead");
            String note = " (state.bin was unreadable, moved to " + aside.getFileName() + ")";
            try {
                return state.loadDump().map(d -> restore(d, "dump.bin" + note))
                        .orElse(new WireTypes.ResurrectResult(List.of(), List.of(), List.of(), "none" + note));
            } catch (DaemonException alsoUnreadable) {
                LOG.log(System.Logger.Level.WARNING, alsoUnreadable.getMessage() + "; starting with an empty list");
                return new WireTypes.ResurrectResult(List.of(), List.of(), List.of(), "none" + note);
            }
        }
        return saved.map(s -> restore(s, "state.bin"))
                .orElse(new WireTypes.ResurrectResult(List.of(), List.of(), List.of(), "none"));
    }

    /**
     * Brings back every saved app whose name is free: running ones start, the others come back
     * stopped. Consecutive running apps start as one batch ({@code Supervisor.startAll}); ids
     * follow the saved order.
     */
    private WireTypes.ResurrectResult restore(StateStore.StateFile file, String source) {
        Set<String> existing = new LinkedHashSet<>();
        processes().forEach(p -> existing.add(p.name()));
        List<String> started = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<AppSpec> batch = new ArrayList<>();
        for (StateStore.SavedApp app : file.apps()) {
            AppSpec spec;
            try {
                spec = Views.spec(app.spec());
            } catch (VelosException e) {
                skipped.add(String.valueOf(app.spec().name()));
                continue;
            }
            if (!existing.add(spec.name())) {
                skipped.add(spec.name());
                continue;
            }
            Leftovers.stop(app.pid(), app.startTicks(), spec.restart().killTimeout());
            logs.policy(spec.name(), Views.logPolicy(spec));
            desiredRunning.put(spec.name(), app.running());
            if (app.running()) {
                batch.add(spec);
            } else {
                startBatch(batch, started);
                await(supervisor.register(spec));
                stopped.add(spec.name());
            }
        }
        startBatch(batch, started);
        persist();
        return new WireTypes.ResurrectResult(started, stopped, skipped, source);
    }

    /** Starts {@code batch} in one pass; an app that fails stays listed, errored, so the user sees it and can fix it. */
    private void startBatch(List<AppSpec> batch, List<String> started) {
        if (!batch.isEmpty()) {
            for (StartResult r : await(supervisor.startAll(batch))) {
                started.add(r.name());
            }
            batch.clear();
        }
    }

    /**
     * The list to save: with {@code fromStatus} (a {@code save}) an app runs after a restore if it
     * runs now; otherwise as the user last asked.
     */
    private List<StateStore.SavedApp> snapshot(boolean fromStatus) {
        List<ProcessInfo> processes = processes();
        List<StateStore.SavedApp> saved = new ArrayList<>(processes.size());
        Set<StartTicksKey> current = new HashSet<>();
        for (ProcessInfo p : processes) {
            int pid = p.status().isAlive() ? p.pid() : 0;
            boolean running = fromStatus ? p.status().isAlive() : desiredRunning.getOrDefault(p.name(), p.status().isAlive());
            long ticks = 0;
            if (pid > 0) {
                StartTicksKey key = new StartTicksKey(p.name(), pid, p.startedAt());
                current.add(key);
                ticks = startTicks.computeIfAbsent(key, k -> Leftovers.startTicks(k.pid()));
            }
            saved.add(new StateStore.SavedApp(Views.args(p.spec()), running, pid, ticks));
        }
        startTicks.keySet().retainAll(current);
        return saved;
    }

    private List<ProcessInfo> processes() {
        return await(supervisor.list());
    }

    /** One run of one app: its /proc start time never changes, so it is read once, not at every save. */
    private record StartTicksKey(String name, int pid, Instant startedAt) {
    }
}
