// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.velos.model.AppConfig;
import dev.velos.model.AppDaemon;
import dev.velos.model.AppSpec;
import dev.velos.model.AppState;
import dev.velos.model.ComparedSettings;
import dev.velos.model.ExitCodePolicy;
import dev.velos.model.LogFileSettings;
import dev.velos.model.LogSettings;
import dev.velos.model.OrchestrationSettings;
import dev.velos.model.RestartPolicy;

/**
 * Carries out {@code velos apply} over an {@link AppDaemon}: the one executor of an
 * {@link ApplyPlan} for the CLI ({@code apply}, {@code start --config}, {@code startOrRestart}),
 * REST ({@code POST /api/apply}) and MCP ({@code config_apply}). It lives in config because that
 * is the one module all three may use (DESIGN §2: web and mcp cannot see cli or each other), and
 * it reaches the daemon only through the port, which ipc implements over its client
 * ({@code ClientAppDaemon}), so config needs nothing but model.
 *
 * <p>Order: removed apps are deleted first (freeing their names and ports), changed ones are
 * updated in place ({@code config.set}, then restart or reload) when every changed setting can be
 * (a cluster whose instance count alone changed is scaled),
 * else deleted and started again with the new settings together with the new apps (one
 * {@code start.many}: the daemon checks all before any starts and honours their dependencies);
 * an unchanged app that is not running is started. Unchanged running apps are not touched: they
 * keep their pid.
 */
public final class ConfigApply {
    /** Settings {@code config.set} changes in place (the daemon's ConfigEditor keys, in velos.toml spelling). */
    private static final Set<String> SETTABLE = Set.of("args", "autorestart", "cron_restart", "cwd", "env",
            "exp_backoff_restart_delay", "interpreter", "kill_timeout", "listen_timeout", "max_memory_restart",
            "max_restarts", "min_uptime", "restart_delay", "shutdown_with_message", "wait_ready", "watch", "watch_delay",
            "watch_ignore", "watch_paths", "log_max_size", "log_retain_count");

    private ConfigApply() {
    }

    /** How changed apps take their new settings. */
    public enum Mode {
        /** Stop, then start (the default; PM2's startOrRestart). */
        RESTART,
        /** Zero-downtime: the new process before the old one stops (PM2's startOrReload). */
        RELOAD
    }

    /**
     * @param prune             delete apps the file does not name
     * @param dryRun            only plan
     * @param mode              how a changed app takes its settings
     * @param clientEnv         the environment of the client that applies (the CLI's), sent with new apps and used to
     *                          tell inherited variables from the file's; empty for REST and MCP, which send none
     * @param autorestartOverride  {@code start --config --no-autorestart} (null: the file's)
     * @param maxRestartsOverride  {@code start --config --max-restarts} (null: the file's)
     */
    public record Options(boolean prune, boolean dryRun, Mode mode, Optional<Map<String, String>> clientEnv,
                          Boolean autorestartOverride, Integer maxRestartsOverride) {
        public Options(boolean prune, boolean dryRun, Mode mode, Optional<Map<String, String>> clientEnv) {
            this(prune, dryRun, mode, clientEnv, null, null);
        }
    }

    /**
     * What was planned and done.
     *
     * @param plan    the plan
     * @param applied false for a dry run
     * @param views   the daemon's views of the wanted apps after applying (first instance of each), in file order
     * @param <V>     the daemon's view of an app ({@link AppDaemon})
     */
    public record Result<V>(ApplyPlan plan, boolean applied, List<V> views) {
        public Result {
            views = List.copyOf(views);
        }
    }

    /** Plans {@code apps} against what the daemon runs, and carries the plan out unless {@code dryRun}. */
    public static <V> Result<V> apply(AppDaemon<V> daemon, List<AppConfig> apps, Options o) {
        List<AppConfig> effective = apps.stream().map(a -> overridden(a, o)).toList();
        List<AppState> wanted = effective.stream().map(ConfigApply::wanted).toList();
        List<AppState> have = daemon.apps();
        ApplyPlan plan = ApplyPlan.of(wanted, have, o.prune(), o.clientEnv());
        if (o.dryRun()) {
            return new Result<>(plan, false, List.of());
        }
        Map<String, AppConfig> byName = new LinkedHashMap<>();
        for (AppConfig a : effective) {
            byName.put(a.name(), a);
        }
        for (ApplyPlan.Step s : plan.of(ApplyPlan.Action.REMOVED)) {
            daemon.act(AppDaemon.Action.DELETE, s.name());
        }
        List<AppConfig> toStart = new ArrayList<>();
        for (ApplyPlan.Step s : plan.steps()) {
            switch (s.action()) {
                case NEW -> toStart.add(byName.get(s.name()));
                case CHANGED -> {
                    AppState w = wanted.get(indexOf(wanted, s.name()));
                    AppState r = have.get(indexOf(have, s.name()));
                    if (rescaleOnly(s, w, r)) {
                        daemon.scale(s.name(), (Long) w.settings().get("instances"));
                    } else if (inPlace(s, w, r)) {
                        daemon.configSet(s.name(), changes(s, w, r, o.clientEnv()));
                        if (o.mode() == Mode.RELOAD) {
                            daemon.act(AppDaemon.Action.RELOAD, s.name());
                        } else {
                            daemon.act(AppDaemon.Action.RESTART, s.name());
                        }
                    } else {
                        daemon.act(AppDaemon.Action.DELETE, s.name());
                        toStart.add(byName.get(s.name()));
                    }
                }
                case UNCHANGED -> {
                    if (s.stopped()) {
                        daemon.act(AppDaemon.Action.START_EXISTING, s.name());
                    }
                }
                case REMOVED -> { }
            }
        }
        if (!toStart.isEmpty()) {
            daemon.start(toStart, o.clientEnv());
        }
        return new Result<>(plan, true, daemon.views(apps.stream().map(AppConfig::name).toList()));
    }

    /**
     * {@code app} with {@code start --config}'s {@code --no-autorestart} and {@code --max-restarts}
     * applied; --no-autorestart on the command line wins over the file's autorestart = "on-failure".
     */
    private static AppConfig overridden(AppConfig app, Options o) {
        AppConfig a = app;
        if (o.autorestartOverride() != null) {
            Map<String, Object> orchestration = new LinkedHashMap<>(a.orchestration());
            orchestration.remove("autorestart");
            a = a.withRestart(a.restart().withAutorestart(o.autorestartOverride())).withOrchestration(orchestration);
        }
        if (o.maxRestartsOverride() != null) {
            a = a.withRestart(a.restart().withMaxRestarts(o.maxRestartsOverride()));
        }
        return a;
    }

    private static int indexOf(List<AppState> states, String name) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no app " + name);
    }

    /**
     * Whether only a cluster's instance count changed, and it stays a cluster: then it is scaled
     * (the instances it keeps keep their pids). From or to one instance the names change
     * ({@code api} against {@code api:0}), so the app is started again instead.
     */
    private static boolean rescaleOnly(ApplyPlan.Step s, AppState w, AppState r) {
        return s.fields().equals(List.of("instances")) && w.settings().get("instances") instanceof Long n && n > 1
                && r.settings().get("instances") instanceof Long m && m > 1;
    }

    /** Whether {@code config.set} can carry every changed setting (else the app is started again). */
    private static boolean inPlace(ApplyPlan.Step s, AppState w, AppState r) {
        if (!SETTABLE.containsAll(s.fields())) {
            return false;
        }
        // config.set takes autorestart as true or false; on-failure lives with the orchestration settings.
        return !s.fields().contains("autorestart") || !"on-failure".equals(w.settings().get("autorestart"))
                && !"on-failure".equals(r.settings().get("autorestart"));
    }

    /** The {@code config.set} changes that turn {@code r} into {@code w}. */
    private static Map<String, Object> changes(ApplyPlan.Step s, AppState w, AppState r,
                                               Optional<Map<String, String>> inherited) {
        Map<String, Object> changes = new TreeMap<>();
        for (String field : s.fields()) {
            if (field.equals("env")) {
                Map<String, Object> env = new LinkedHashMap<>(w.env());
                r.env().keySet().stream().filter(k -> !w.env().containsKey(k)
                        && inherited.map(i -> !i.containsKey(k)).orElse(false)).forEach(k -> env.put(k, null));
                changes.put("env", env);
            } else if (field.equals("autorestart")) {
                changes.put("autorestart", !"never".equals(w.settings().get("autorestart")));
            } else {
                changes.put(field, w.settings().get(field));
            }
        }
        return changes;
    }

    /** What the file wants of {@code app}, in the shape ipc's {@code ClientAppDaemon} gives the daemon's app. */
    static AppState wanted(AppConfig app) {
        RestartPolicy r = app.restart();
        Map<String, Object> s = ComparedSettings.common(app.script(), app.args(), app.cwd().toString(),
                app.interpreter().orElse(""), app.instances());
        String mode = !r.autorestart() ? "never" : "on-failure".equals(app.orchestration().get("autorestart")) ? "on-failure"
                : "always";
        ComparedSettings.restart(s, mode, r.maxRestarts(), r.minUptime().toMillis(), r.restartDelay().toMillis(),
                r.expBackoff(), r.killTimeout().toMillis());
        s.put("max_memory_restart", app.maxMemoryRestart().orElse(0L));
        s.put("cron_restart", app.cronRestart().orElse(""));
        ComparedSettings.watch(s, app.watch().enabled(), app.watch().paths(), app.watch().ignore(),
                app.watch().delay().toMillis());
        ComparedSettings.ready(s, app.ready().waitReady(), app.ready().listenTimeout().toMillis(),
                app.ready().shutdownWithMessage());
        ComparedSettings.listen(s, app.listen());
        ComparedSettings.orchestration(s, normalizedOrchestration(app));
        LogSettings logs = LogFileSettings.parse(app.logFiles(),
                app.logs().maxSize().isPresent() ? app.logs().maxSize().getAsLong() : null,
                app.logs().retainCount().isPresent() ? app.logs().retainCount().getAsInt() : null);
        Map<String, Object> logKeys = new LinkedHashMap<>(LogFileSettings.render(logs));
        if (logs.maxBytes() != LogSettings.DEFAULT.maxBytes()) {
            logKeys.put("log_max_size", logs.maxBytes());
        }
        if (logs.retainCount() != LogSettings.DEFAULT.retainCount()) {
            logKeys.put("log_retain_count", (long) logs.retainCount());
        }
        logSettings(s, logKeys, app.cwd());
        return new AppState(app.name(), s, app.env(), true);
    }

    private static void logSettings(Map<String, Object> s, Map<String, Object> keys, Path cwd) {
        Map<String, Object> k = new LinkedHashMap<>(keys);
        Object out = k.remove(LogFileSettings.OUT_FILE);
        Object err = k.remove(LogFileSettings.ERROR_FILE);
        s.putAll(ComparedSettings.plain(k));
        s.put(LogFileSettings.OUT_FILE, resolved(out, cwd));
        s.put(LogFileSettings.ERROR_FILE, resolved(err, cwd));
    }

    private static String resolved(Object file, Path cwd) {
        if (!(file instanceof String f) || f.isEmpty()) {
            return "";
        }
        return f.equals("/dev/null") ? f : cwd.resolve(f).normalize().toString();
    }

    /**
     * The file's orchestration keys as the daemon will report them: parsed and rendered by the same
     * {@link OrchestrationSettings} (so {@code "5s"} and 5000 compare equal). Signal names are kept
     * as names, upper case with {@code SIG}, as the daemon names them.
     */
    private static Map<String, Object> normalizedOrchestration(AppConfig app) {
        if (app.orchestration().isEmpty()) {
            return Map.of();
        }
        List<String> signals = new ArrayList<>();
        OrchestrationSettings.Parsed parsed = OrchestrationSettings.parse(app.orchestration(), name -> {
            String n = signalName(name);
            if (n.equals("SIGTERM")) {
                return ExitCodePolicy.SIGTERM;
            }
            if (!signals.contains(n)) {
                signals.add(n);
            }
            return 1000 + signals.indexOf(n);
        }, (path, message) -> { });
        AppSpec spec = parsed.applyTo(AppSpec.builder(app.name(), app.script()).build());
        Map<String, Object> rendered = new LinkedHashMap<>(OrchestrationSettings.render(spec,
                n -> n == ExitCodePolicy.SIGTERM ? "SIGTERM" : signals.get(n - 1000)));
        rendered.remove("autorestart");
        return rendered;
    }

    static String signalName(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        return n.startsWith("SIG") || n.chars().allMatch(Character::isDigit) ? n : "SIG" + n;
    }

}
