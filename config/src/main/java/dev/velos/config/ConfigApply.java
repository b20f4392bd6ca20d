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

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.ipc.WireTypes.StartArgs;
import dev.velos.model.AppNames;
import dev.velos.model.AppSpec;
import dev.velos.model.ExitCodePolicy;
import dev.velos.model.ListenAddress;
import dev.velos.model.LogFileSettings;
import dev.velos.model.LogSettings;
import dev.velos.model.OrchestrationSettings;
import dev.velos.model.RestartPolicy;
import dev.velos.model.VelosException;

/**
 * Carries out {@code velos apply} over a {@link VelosClient}: the one executor of an
 * {@link ApplyPlan} for the CLI ({@code apply}, {@code start --config}, {@code startOrRestart}),
 * REST ({@code POST /api/apply}) and MCP ({@code config_apply}). It lives in config because that
 * is the one module all three may use (DESIGN §2: web and mcp cannot see cli or each other), and
 * it reaches the daemon only through the client (part of config's temporary use of ipc, see
 * module-info).
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
    private static final Set<String> VIEW_ONLY_LOG_KEYS = Set.of(LogFileSettings.OUT_FILE, LogFileSettings.ERROR_FILE,
            LogFileSettings.DROPPED_LINES);

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
     */
    public record Result(ApplyPlan plan, boolean applied, List<ProcessView> views) {
        public Result {
            views = List.copyOf(views);
        }
    }

    /** Plans {@code apps} against what the daemon runs, and carries the plan out unless {@code dryRun}. */
    public static Result apply(VelosClient client, List<AppConfig> apps, Options o) {
        List<StartArgs> wantedArgs = apps.stream().map(a -> StartArgsOf.of(a, o.autorestartOverride(),
                o.maxRestartsOverride())).toList();
        List<ProcessView> views = client.list();
        if (!views.isEmpty()) {
            views = client.info("all", true); // with env, to compare it
        }
        Map<String, List<ProcessView>> running = group(views);
        List<AppState> wanted = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            wanted.add(wanted(apps.get(i), wantedArgs.get(i)));
        }
        List<AppState> have = running.values().stream().map(ConfigApply::running).toList();
        ApplyPlan plan = ApplyPlan.of(wanted, have, o.prune(), o.clientEnv());
        if (o.dryRun()) {
            return new Result(plan, false, List.of());
        }
        Map<String, StartArgs> argsByName = new LinkedHashMap<>();
        for (StartArgs a : wantedArgs) {
            argsByName.put(a.name(), a);
        }
        for (ApplyPlan.Step s : plan.of(ApplyPlan.Action.REMOVED)) {
            client.delete(s.name());
        }
        List<StartArgs> toStart = new ArrayList<>();
        for (ApplyPlan.Step s : plan.steps()) {
            switch (s.action()) {
                case NEW -> toStart.add(argsByName.get(s.name()));
                case CHANGED -> {
                    AppState w = wanted.get(indexOf(wanted, s.name()));
                    AppState r = have.get(indexOf(have, s.name()));
                    if (rescaleOnly(s, w, r)) {
                        client.scale(s.name(), String.valueOf(w.settings().get("instances")));
                    } else if (inPlace(s, w, r)) {
                        client.configSet(s.name(), changes(s, w, r, o.clientEnv()), false);
                        if (o.mode() == Mode.RELOAD) {
                            client.reload(s.name());
                        } else {
                            client.restart(s.name());
                        }
                    } else {
                        client.delete(s.name());
                        toStart.add(argsByName.get(s.name()));
                    }
                }
                case UNCHANGED -> {
                    if (s.stopped()) {
                        client.startExisting(s.name());
                    }
                }
                case REMOVED -> { }
            }
        }
        if (!toStart.isEmpty()) {
            client.startMany(toStart, o.clientEnv().orElse(null));
        }
        List<ProcessView> after = client.list();
        List<ProcessView> out = new ArrayList<>();
        for (AppConfig app : apps) {
            after.stream().filter(v -> AppNames.baseOf(v.name()).equals(app.name())).findFirst().ifPresent(out::add);
        }
        return new Result(plan, true, out);
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

    private static Map<String, List<ProcessView>> group(List<ProcessView> views) {
        Map<String, List<ProcessView>> byBase = new LinkedHashMap<>();
        for (ProcessView v : views) {
            byBase.computeIfAbsent(AppNames.baseOf(v.name()), k -> new ArrayList<>()).add(v);
        }
        return byBase;
    }

    /** What the file wants of {@code app}, in the shape {@link #running} gives the daemon's app. */
    static AppState wanted(AppConfig app, StartArgs a) {
        Map<String, Object> s = common(a.script(), a.args(), a.cwd(), a.interpreter(), a.instances());
        RestartPolicy r = app.restart();
        String mode = !a.autorestart() ? "never"
                : "on-failure".equals(a.orchestration() == null ? null : a.orchestration().get("autorestart"))
                ? "on-failure" : "always";
        restart(s, mode, a.maxRestarts(), r.minUptime().toMillis(), r.restartDelay().toMillis(), r.expBackoff(),
                r.killTimeout().toMillis());
        s.put("max_memory_restart", a.maxMemoryRestart() == null ? 0L : a.maxMemoryRestart());
        s.put("cron_restart", a.cronRestart() == null ? "" : a.cronRestart());
        watch(s, a.watch(), a.watchPaths(), a.watchIgnore(), a.watchDelayMs());
        ready(s, a.waitReady(), a.listenTimeoutMs(), a.shutdownWithMessage());
        s.put("listen", listen(a.listen() == null ? List.of() : a.listen()));
        orchestration(s, normalizedOrchestration(app, a));
        LogSettings logs = LogFileSettings.parse(app.logFiles(), a.logMaxSize(), a.logRetainCount());
        Map<String, Object> logKeys = new LinkedHashMap<>(LogFileSettings.render(logs));
        if (logs.maxBytes() != LogSettings.DEFAULT.maxBytes()) {
            logKeys.put("log_max_size", logs.maxBytes());
        }
        if (logs.retainCount() != LogSettings.DEFAULT.retainCount()) {
            logKeys.put("log_retain_count", (long) logs.retainCount());
        }
        logSettings(s, logKeys, app.cwd(), app.name());
        return new AppState(app.name(), s, app.env(), true);
    }

    /** What the daemon runs for one app (its instances), from their views. */
    static AppState running(List<ProcessView> instances) {
        ProcessView v = instances.getFirst();
        String base = AppNames.baseOf(v.name());
        Map<String, Object> s = common(v.script(), v.args(), v.cwd(), v.interpreter(), instances.size());
        Map<String, Object> orchestration = new LinkedHashMap<>(v.orchestration());
        String mode = !v.autorestart() ? "never" : "on-failure".equals(orchestration.remove("autorestart")) ? "on-failure"
                : "always";
        restart(s, mode, v.maxRestarts(), v.minUptimeMs(), v.restartDelayMs(), v.expBackoff(), v.killTimeoutMs());
        s.put("max_memory_restart", v.maxMemoryRestart());
        s.put("cron_restart", v.cronRestart() == null ? "" : v.cronRestart());
        watch(s, v.watch(), v.watchPaths(), v.watchIgnore(), v.watchDelayMs());
        ready(s, v.waitReady(), v.listenTimeoutMs(), v.shutdownWithMessage());
        s.put("listen", listen(v.listen()));
        orchestration(s, orchestration);
        Map<String, Object> logKeys = new LinkedHashMap<>();
        v.logFiles().forEach((k, x) -> {
            if (!VIEW_ONLY_LOG_KEYS.contains(k)) {
                logKeys.put(k, x);
            }
        });
        s.putAll(plain(logKeys));
        String out = v.outFile();
        String err = v.errorFile();
        s.put(LogFileSettings.OUT_FILE, out.isEmpty() || isDefaultLog(out, base) ? "" : out);
        s.put(LogFileSettings.ERROR_FILE, err.isEmpty() || isDefaultLog(err, base) ? "" : err);
        // A stopped or errored entry keeps its last pid in the view: the status says whether it runs.
        boolean alive = instances.stream().anyMatch(i -> !"stopped".equals(i.statusStr()) && !"errored".equals(i.statusStr()));
        return new AppState(base, s, v.env(), alive);
    }

    private static Map<String, Object> common(String script, List<String> args, String cwd, String interpreter, Integer instances) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("script", script);
        s.put("args", List.copyOf(args == null ? List.of() : args));
        s.put("cwd", cwd == null ? "" : Path.of(cwd).toAbsolutePath().normalize().toString());
        s.put("interpreter", interpreter == null ? "" : interpreter);
        s.put("instances", (long) (instances == null || instances < 1 ? 1 : instances));
        return s;
    }

    private static void restart(Map<String, Object> s, String mode, long maxRestarts, long minUptime, long restartDelay,
                                boolean expBackoff, long killTimeout) {
        s.put("autorestart", mode);
        s.put("max_restarts", maxRestarts);
        s.put("min_uptime", minUptime);
        s.put("restart_delay", restartDelay);
        s.put("exp_backoff_restart_delay", expBackoff);
        s.put("kill_timeout", killTimeout);
    }

    private static void watch(Map<String, Object> s, boolean watch, List<String> paths, List<String> ignore, long delay) {
        s.put("watch", watch);
        s.put("watch_paths", List.copyOf(paths == null ? List.of() : paths));
        s.put("watch_ignore", List.copyOf(ignore == null ? List.of() : ignore));
        s.put("watch_delay", delay);
    }

    private static void ready(Map<String, Object> s, boolean waitReady, long listenTimeout, boolean shutdownWithMessage) {
        s.put("wait_ready", waitReady);
        s.put("listen_timeout", listenTimeout);
        s.put("shutdown_with_message", shutdownWithMessage);
    }

    private static List<String> listen(List<String> uris) {
        return uris.stream().map(u -> {
            try {
                return ListenAddress.parse(u).toString();
            } catch (VelosException e) {
                return u;
            }
        }).toList();
    }

    /** Every orchestration key (absent ones as "") so that removing one from the file is a change. */
    private static void orchestration(Map<String, Object> s, Map<String, Object> values) {
        for (String key : OrchestrationSettings.KEYS) {
            if (!key.equals("autorestart")) {
                s.put(key, plain(values.getOrDefault(key, "")));
            }
        }
    }

    private static void logSettings(Map<String, Object> s, Map<String, Object> keys, Path cwd, String name) {
        Map<String, Object> k = new LinkedHashMap<>(keys);
        Object out = k.remove(LogFileSettings.OUT_FILE);
        Object err = k.remove(LogFileSettings.ERROR_FILE);
        s.putAll(plain(k));
        s.put(LogFileSettings.OUT_FILE, resolved(out, cwd));
        s.put(LogFileSettings.ERROR_FILE, resolved(err, cwd));
    }

    private static String resolved(Object file, Path cwd) {
        if (!(file instanceof String f) || f.isEmpty()) {
            return "";
        }
        return f.equals("/dev/null") ? f : cwd.resolve(f).normalize().toString();
    }

    /** The daemon's own file for an app that sets none: {@code <home>/logs/<name>[:N]-out.log} (or {@code .log} merged). */
    private static boolean isDefaultLog(String file, String base) {
        Path p = Path.of(file);
        String fileName = p.getFileName() == null ? "" : p.getFileName().toString();
        return p.getParent() != null && p.getParent().getFileName() != null
                && p.getParent().getFileName().toString().equals("logs") && fileName.startsWith(AppNames.fileStem(base));
    }

    /**
     * The file's orchestration keys as the daemon will report them: parsed and rendered by the same
     * {@link OrchestrationSettings} (so {@code "5s"} and 5000 compare equal). Signal names are kept
     * as names, upper case with {@code SIG}, as the daemon names them.
     */
    private static Map<String, Object> normalizedOrchestration(AppConfig app, StartArgs a) {
        if (a.orchestration() == null || a.orchestration().isEmpty()) {
            return Map.of();
        }
        List<String> signals = new ArrayList<>();
        OrchestrationSettings.Parsed parsed = OrchestrationSettings.parse(a.orchestration(), name -> {
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

    /** Numbers as Long and nested maps and lists copied, so values decoded from MessagePack compare with the file's. */
    @SuppressWarnings("unchecked")
    private static <T> T plain(T value) {
        return (T) switch (value) {
            case null -> null;
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(k, plain(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(ConfigApply::plain).toList();
            case Integer i -> (long) i;
            case Short sh -> (long) sh;
            case Byte b -> (long) b;
            default -> value;
        };
    }
}
