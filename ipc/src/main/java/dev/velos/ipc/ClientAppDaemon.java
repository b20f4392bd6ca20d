// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.ipc.WireTypes.StartArgs;
import dev.velos.model.AppConfig;
import dev.velos.model.AppDaemon;
import dev.velos.model.AppNames;
import dev.velos.model.AppState;
import dev.velos.model.ComparedSettings;
import dev.velos.model.LogFileSettings;

/**
 * {@link AppDaemon} over a {@link VelosClient}: the one way the config engine's apply executor
 * (cli, REST and MCP alike) reads and changes the daemon. The client is the caller's; this does
 * not close it.
 */
public final class ClientAppDaemon implements AppDaemon<ProcessView> {
    /** Log keys a view reports that are facts about the files, not settings to compare. */
    private static final Set<String> VIEW_ONLY_LOG_KEYS = Set.of(LogFileSettings.OUT_FILE, LogFileSettings.ERROR_FILE,
            LogFileSettings.DROPPED_LINES);

    private final VelosClient client;

    public ClientAppDaemon(VelosClient client) {
        this.client = client;
    }

    @Override
    public List<AppState> apps() {
        List<ProcessView> views = client.list();
        if (!views.isEmpty()) {
            views = client.info("all", true); // with env, to compare it
        }
        Map<String, List<ProcessView>> byBase = new LinkedHashMap<>();
        for (ProcessView v : views) {
            byBase.computeIfAbsent(AppNames.baseOf(v.name()), k -> new ArrayList<>()).add(v);
        }
        return byBase.values().stream().map(ClientAppDaemon::state).toList();
    }

    @Override
    public void start(List<AppConfig> apps, Optional<Map<String, String>> clientEnv) {
        client.startMany(apps.stream().map(StartArgs::of).toList(), clientEnv.orElse(null));
    }

    @Override
    public void act(Action action, String name) {
        switch (action) {
            case START_EXISTING -> client.startExisting(name);
            case DELETE -> client.delete(name);
            case RESTART -> client.restart(name);
            case RELOAD -> client.reload(name);
        }
    }

    @Override
    public void scale(String name, long instances) {
        client.scale(name, String.valueOf(instances));
    }

    @Override
    public void configSet(String name, Map<String, Object> changes) {
        client.configSet(name, changes, false);
    }

    @Override
    public List<ProcessView> views(List<String> names) {
        List<ProcessView> after = client.list();
        List<ProcessView> out = new ArrayList<>();
        for (String name : names) {
            after.stream().filter(v -> AppNames.baseOf(v.name()).equals(name)).findFirst().ifPresent(out::add);
        }
        return out;
    }

    /** What the daemon runs for one app (its instances), from their views, in {@link ComparedSettings}' shape. */
    static AppState state(List<ProcessView> instances) {
        ProcessView v = instances.getFirst();
        String base = AppNames.baseOf(v.name());
        Map<String, Object> s = ComparedSettings.common(v.script(), v.args(), v.cwd(), v.interpreter(), instances.size());
        Map<String, Object> orchestration = new LinkedHashMap<>(v.orchestration());
        String mode = !v.autorestart() ? "never" : "on-failure".equals(orchestration.remove("autorestart")) ? "on-failure"
                : "always";
        ComparedSettings.restart(s, mode, v.maxRestarts(), v.minUptimeMs(), v.restartDelayMs(), v.expBackoff(),
                v.killTimeoutMs());
        s.put("max_memory_restart", v.maxMemoryRestart());
        s.put("cron_restart", v.cronRestart() == null ? "" : v.cronRestart());
        ComparedSettings.watch(s, v.watch(), v.watchPaths(), v.watchIgnore(), v.watchDelayMs());
        ComparedSettings.ready(s, v.waitReady(), v.listenTimeoutMs(), v.shutdownWithMessage());
        ComparedSettings.listen(s, v.listen());
        ComparedSettings.orchestration(s, orchestration);
        Map<String, Object> logKeys = new LinkedHashMap<>();
        v.logFiles().forEach((k, x) -> {
            if (!VIEW_ONLY_LOG_KEYS.contains(k)) {
                logKeys.put(k, x);
            }
        });
        s.putAll(ComparedSettings.plain(logKeys));
        String out = v.outFile();
        String err = v.errorFile();
        s.put(LogFileSettings.OUT_FILE, out.isEmpty() || isDefaultLog(out, base) ? "" : out);
        s.put(LogFileSettings.ERROR_FILE, err.isEmpty() || isDefaultLog(err, base) ? "" : err);
        // A stopped or errored entry keeps its last pid in the view: the status says whether it runs.
        boolean alive = instances.stream().anyMatch(i -> !"stopped".equals(i.statusStr()) && !"errored".equals(i.statusStr()));
        return new AppState(base, s, v.env(), alive);
    }

    /** The daemon's own file for an app that sets none: {@code <home>/logs/<name>[:N]-out.log} (or {@code .log} merged). */
    private static boolean isDefaultLog(String file, String base) {
        Path p = Path.of(file);
        String fileName = p.getFileName() == null ? "" : p.getFileName().toString();
        return p.getParent() != null && p.getParent().getFileName() != null
                && p.getParent().getFileName().toString().equals("logs") && fileName.startsWith(AppNames.fileStem(base));
    }
}
