// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.velos.model.AppConfig;
import dev.velos.model.AppNames;
import dev.velos.model.AutoRestart;
import dev.velos.model.ByteSize;
import dev.velos.model.CronRules;
import dev.velos.model.ExitCodePolicy;
import dev.velos.model.ListenAddress;
import dev.velos.model.LogFileSettings;
import dev.velos.model.LogSettings;
import dev.velos.model.OrchestrationSettings;
import dev.velos.model.RestartPolicy;
import dev.velos.model.VelosException;

/**
 * Turns one {@code [apps.<key>]} table into an {@link AppConfig}: every key of REFERENCE §2.6
 * plus the additions of issue 5, type-checked and range-checked, defaults filled in, paths
 * resolved against the config file's directory. Problems go to the file's {@link Problems}.
 */
final class AppReader {
    /** Every key an app table may have, besides {@code env_<profile>} tables. */
    static final List<String> KEYS = List.of("name", "script", "cwd", "interpreter", "args", "instances",
            "autorestart", "max_restarts", "min_uptime", "restart_delay", "exp_backoff_restart_delay", "kill_timeout",
            "max_memory_restart", "watch", "watch_paths", "watch_ignore", "watch_delay", "log_max_size",
            "log_retain_count", "cron_restart", "wait_ready", "listen_timeout", "shutdown_with_message", "env",
            "env_file", "log_file", "merge_logs", "watchdog", "depends_on", "readiness", "liveness", "stop_exit_codes",
            "stop_signal", "cron", "overlap", "on_crash", "on_errored", "on_restart", "on_ready", "webhook",
            "hook_timeout", "user", "group", "memory_max", "cpu_max", "pids_max", "start_delay", "log_rotate",
            "log_compress", "log_retain_days", "out_file", "error_file", "log_format", "listen");

    private static final String PROFILE_PREFIX = "env_";
    private static final Pattern NAME_CHARS = Pattern.compile("[A-Za-z0-9._-]+");
    /** Instance names are {@code name:0} … {@code name:9999} (AppNames). */
    private static final int MAX_INSTANCES = 10_000;
    /** Durations stay within an int of milliseconds (about 24 days), which every consumer can hold. */
    private static final long MAX_MS = Integer.MAX_VALUE;
    private static final RestartPolicy DEFAULTS = RestartPolicy.DEFAULT;

    private final String key;
    private final String name;
    private final TomlTable t;
    private final Path dir;
    private final Problems problems;

    AppReader(String key, ObjectNode node, Path dir, Problems problems) {
        this.key = key;
        JsonNode n = node.get("name");
        this.name = n != null && n.isTextual() ? n.textValue() : key;
        this.t = new TomlTable(node, List.of("apps", key), "app '" + (name.isEmpty() ? key : name) + "': ", problems);
        this.dir = dir;
        this.problems = problems;
    }

    /** The table key ({@code web} of {@code [apps.web]}). */
    String key() {
        return key;
    }

    /** The app's name as written (the table key when there is no {@code name}); not yet validated. */
    String name() {
        return name;
    }

    /** The profiles this app defines, from its {@code env_<profile>} tables. */
    Set<String> profiles() {
        Set<String> out = new TreeSet<>();
        t.keys().stream().filter(AppReader::isProfileKey).forEach(k -> out.add(k.substring(PROFILE_PREFIX.length())));
        return out;
    }

    /** Whether {@link #name()} is a usable process name; records the problem if not. */
    boolean checkName() {
        List<String> at = List.of("apps", key, "name");
        if (t.get("name").isPresent() && t.string("name").isEmpty()) {
            return false;
        }
        if (name.isEmpty()) {
            problems.at(at, "app name must not be empty");
            return false;
        }
        if (!NAME_CHARS.matcher(name).matches()) {
            problems.at(at, "app name '" + name + "' contains invalid characters (only letters, digits, '.', '-'"
                    + " and '_' allowed)");
            return false;
        }
        try {
            AppNames.requireValid(name);
            return true;
        } catch (VelosException e) {
            problems.at(at, e.getMessage());
            return false;
        }
    }

    /**
     * The app, or empty when any of its keys had a problem. {@code profile} selects the
     * {@code env_<profile>} table merged over {@code env}; notes about ignored keys go to
     * {@code warnings}.
     */
    Optional<AppConfig> read(boolean nameOk, Optional<String> profile, List<String> warnings) {
        int before = problems.count();
        t.rejectUnknown(KEYS, AppReader::isProfileKey);
        String script = script();
        Path cwd = cwd();
        Optional<String> interpreter = t.string("interpreter").filter(s -> !s.isBlank());
        List<String> args = t.strings("args").orElse(List.of());
        int instances = instances();
        RestartPolicy restart = restart();
        OptionalLong maxMemory = memory("max_memory_restart");
        AppConfig.Watch watch = watch(warnings);
        Optional<String> cron = cron();
        AppConfig.Ready ready = new AppConfig.Ready(t.bool("wait_ready", false),
                millis("listen_timeout", AppConfig.Ready.DEFAULT_LISTEN_TIMEOUT.toMillis(), 0),
                t.bool("shutdown_with_message", false));
        AppConfig.LogRotation logs = logRotation();
        Map<String, Object> logFiles = logFiles();
        List<String> listen = listen();
        List<Path> envFiles = envFiles();
        Map<String, String> env = env(envFiles, profile);
        OptionalLong watchdog = watchdog(ready);
        Map<String, Object> orchestration = orchestration();
        unsupported(warnings);
        if (!nameOk || problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new AppConfig(name, script, cwd, interpreter, args, instances, restart, maxMemory, watch,
                cron, ready, logs, env, envFiles, watchdog, orchestration, logFiles, listen));
    }

    /** {@code watchdog} in ms, which only works with wait_ready (the app pings WATCHDOG=1 once ready). */
    private OptionalLong watchdog(AppConfig.Ready ready) {
        if (t.get("watchdog").isEmpty()) {
            return OptionalLong.empty();
        }
        long ms = t.millis("watchdog", 0, 1, MAX_MS);
        if (!ready.waitReady()) {
            t.problem("watchdog", "watchdog needs wait_ready = true (the app sends WATCHDOG=1 on NOTIFY_SOCKET once ready)");
        }
        return OptionalLong.of(ms);
    }

    /**
     * The issue 19 keys of this table as plain values, checked by the one parser the daemon uses
     * ({@link OrchestrationSettings}) so each problem gets its file and line here. A stop_signal
     * name is checked by the daemon (its signal table is not loaded on a client's path).
     */
    private Map<String, Object> orchestration() {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (String k : OrchestrationSettings.KEYS) {
            t.get(k).ifPresent(v -> plain.put(k, plain(v)));
        }
        // restart() reads autorestart (and reports a bad one); only on-failure needs the settings too.
        Object mode = plain.remove("autorestart");
        Optional<String> cronJob = t.string("cron").map(String::strip).filter(c -> !c.isEmpty());
        if (cronJob.isPresent()) {
            try {
                CronRules.parse(cronJob.get());
            } catch (VelosException e) {
                t.problem("cron", "invalid cron '" + cronJob.get() + "': " + e.getMessage());
            }
        }
        OrchestrationSettings.parse(plain, signal -> ExitCodePolicy.SIGTERM, (path, message) -> {
            List<String> at = new ArrayList<>(List.of("apps", key));
            at.addAll(path);
            problems.at(at, "app '" + name + "': " + message);
        });
        if (mode instanceof String text && text.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-').equals("on-failure")) {
            plain.put("autorestart", AutoRestart.ON_FAILURE.wireName());
        }
        return plain;
    }

    /** A TOML value as a plain Java value (Map, List, String, Long, Double, Boolean). */
    private static Object plain(JsonNode v) {
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.properties().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            v.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.asText();
    }

    static boolean isProfileKey(String key) {
        return key.startsWith(PROFILE_PREFIX) && key.length() > PROFILE_PREFIX.length() && !key.equals("env_file");
    }

    private String script() {
        if (t.get("script").isEmpty()) {
            t.problem("script", "script is required (the program to run, e.g. script = \"server.js\")");
            return "";
        }
        Optional<String> script = t.string("script");
        if (script.isPresent() && script.get().isBlank()) {
            t.problem("script", "script must not be empty");
        }
        return script.orElse("");
    }

    private Path cwd() {
        Optional<Path> cwd = t.string("cwd").flatMap(s -> path("cwd", s));
        if (cwd.isPresent() && !Files.isDirectory(cwd.get())) {
            t.problem("cwd", "cwd '" + cwd.get() + "' " + (Files.exists(cwd.get()) ? "is not a directory" : "does not exist"));
        }
        return cwd.orElse(dir);
    }

    /** {@code value} as an absolute path: {@code ~/} is the home directory, relative is against the file's directory. */
    private Optional<Path> path(String key, String value) {
        try {
            String v = value.equals("~") || value.startsWith("~/")
                    ? System.getProperty("user.home") + value.substring(1) : value;
            return Optional.of(dir.resolve(v).normalize());
        } catch (InvalidPathException e) {
            t.problem(key, key + " '" + value + "' is not a valid path: " + e.getReason());
            return Optional.empty();
        }
    }

    private int instances() {
        Optional<JsonNode> v = t.get("instances");
        if (v.isPresent() && v.get().isTextual()) {
            if (v.get().textValue().strip().equalsIgnoreCase("max")) {
                return Runtime.getRuntime().availableProcessors();
            }
            t.problem("instances", "instances must be a whole number or \"max\", got " + TomlTable.describe(v.get()));
            return 1;
        }
        return (int) t.integer("instances", 1, 1, MAX_INSTANCES, "");
    }

    private RestartPolicy restart() {
        Optional<JsonNode> mode = t.get("autorestart");
        boolean autorestart;
        if (mode.isPresent() && mode.get().isTextual()) {
            // "always" | "on-failure" | "never": the restart policy keeps whether to restart at all,
            // the orchestration settings keep on-failure.
            try {
                autorestart = AutoRestart.parse(mode.get().textValue()) != AutoRestart.NEVER;
            } catch (VelosException e) {
                t.problem("autorestart", e.getMessage());
                autorestart = DEFAULTS.autorestart();
            }
        } else {
            autorestart = t.bool("autorestart", DEFAULTS.autorestart());
        }
        int maxRestarts = (int) t.integer("max_restarts", DEFAULTS.maxRestarts(), RestartPolicy.UNLIMITED,
                Integer.MAX_VALUE, "");
        Duration minUptime = millis("min_uptime", DEFAULTS.minUptime().toMillis(), 0);
        Duration restartDelay = millis("restart_delay", DEFAULTS.restartDelay().toMillis(), 0);
        boolean expBackoff = t.bool("exp_backoff_restart_delay", DEFAULTS.expBackoff());
        Duration killTimeout = millis("kill_timeout", DEFAULTS.killTimeout().toMillis(), 100);
        return new RestartPolicy(autorestart, maxRestarts, minUptime, restartDelay, expBackoff, killTimeout);
    }

    private Duration millis(String key, long fallback, long min) {
        return Duration.ofMillis(t.millis(key, fallback, min, MAX_MS));
    }

    /** A memory string (REFERENCE §2.7) or a plain byte count; 0 for max_memory_restart means no limit. */
    private OptionalLong memory(String key) {
        Optional<JsonNode> v = t.get(key);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        long bytes;
        if (v.get().isIntegralNumber() && v.get().canConvertToLong() && v.get().longValue() >= 0) {
            bytes = v.get().longValue();
        } else if (v.get().isTextual()) {
            try {
                bytes = ByteSize.parse(v.get().textValue());
            } catch (VelosException e) {
                t.problem(key, "invalid " + key + " format: '" + v.get().textValue()
                        + "' (use a whole number with an optional K, M or G suffix, e.g. 150M)");
                return OptionalLong.empty();
            }
        } else {
            t.problem(key, "invalid " + key + " format: " + TomlTable.describe(v.get())
                    + " (use a string such as \"150M\" or a number of bytes)");
            return OptionalLong.empty();
        }
        return bytes == 0 && key.equals("max_memory_restart") ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    private AppConfig.Watch watch(List<String> warnings) {
        boolean enabled = false;
        Set<String> paths = new LinkedHashSet<>();
        Optional<JsonNode> w = t.get("watch");
        if (w.isPresent() && w.get().isBoolean()) {
            enabled = w.get().booleanValue();
        } else if (w.isPresent() && w.get().isArray()) {
            enabled = true;
            t.strings("watch").ifPresent(paths::addAll);
        } else if (w.isPresent()) {
            t.problem("watch", "watch must be true, false or an array of paths, got " + TomlTable.describe(w.get()));
        }
        t.strings("watch_paths").ifPresent(paths::addAll);
        if (paths.stream().anyMatch(String::isBlank)) {
            t.problem(t.get("watch_paths").isPresent() ? "watch_paths" : "watch", "watch paths must not be empty strings");
        }
        if (!enabled && !paths.isEmpty()) {
            warnings.add(problems.locate(List.of("apps", key, "watch_paths"),
                    "app '" + name + "': watch_paths is set but watch is false, so nothing is watched"));
        }
        List<String> ignore = t.strings("watch_ignore").orElse(List.of());
        Duration delay = millis("watch_delay", AppConfig.Watch.DEFAULT_DELAY.toMillis(), 0);
        return new AppConfig.Watch(enabled, List.copyOf(paths), ignore, delay);
    }

    private Optional<String> cron() {
        Optional<String> cron = t.string("cron_restart").map(String::strip).filter(s -> !s.isEmpty());
        if (cron.isPresent()) {
            try {
                CronRules.parse(cron.get());
            } catch (VelosException e) {
                t.problem("cron_restart", "invalid cron_restart '" + cron.get() + "': " + e.getMessage());
                return Optional.empty();
            }
        }
        return cron;
    }

    /** Checked against the daemon's own limits ({@link LogSettings#checkLimits}), each key on its own. */
    private AppConfig.LogRotation logRotation() {
        OptionalLong maxSize = memory("log_max_size");
        if (maxSize.isPresent()) {
            try {
                LogSettings.checkLimits(maxSize.getAsLong(), LogSettings.DEFAULT_RETAIN_COUNT, 0);
            } catch (VelosException e) {
                t.problem("log_max_size", e.getMessage());
                maxSize = OptionalLong.empty();
            }
        }
        OptionalLong retain = t.integer("log_retain_count", "a whole number");
        OptionalInt retainCount = OptionalInt.empty();
        if (retain.isPresent()) {
            try {
                // Beyond an int the value is clamped, which the bound refuses just the same.
                int clamped = Math.clamp(retain.getAsLong(), Integer.MIN_VALUE, Integer.MAX_VALUE);
                LogSettings.checkLimits(LogSettings.DEFAULT_MAX_BYTES, clamped, 0);
                retainCount = OptionalInt.of((int) retain.getAsLong());
            } catch (VelosException e) {
                t.problem("log_retain_count", e.getMessage());
            }
        }
        return new AppConfig.LogRotation(maxSize, retainCount);
    }

    /**
     * The log file keys of issue 21 as plain values, each checked on its own by the parser the
     * daemon uses ({@link LogFileSettings}) so a bad value gets this file's line. Paths are sent as
     * written: the daemon resolves a relative out_file against the app's cwd.
     */
    private Map<String, Object> logFiles() {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (String k : LogFileSettings.KEYS) {
            t.get(k).ifPresent(v -> {
                Object value = plain(v);
                try {
                    LogFileSettings.parse(Map.of(k, value), null, null);
                    plain.put(k, value);
                } catch (VelosException e) {
                    t.problem(k, e.getMessage());
                }
            });
        }
        return plain;
    }

    /** {@code listen}: addresses the daemon binds and passes to the app (issue 20), each checked by {@link ListenAddress}. */
    private List<String> listen() {
        List<String> out = new ArrayList<>();
        for (String text : t.strings("listen").orElse(List.of())) {
            try {
                ListenAddress.parse(text);
                out.add(text.strip());
            } catch (VelosException e) {
                t.problem("listen", "listen: " + e.getMessage());
            }
        }
        return out;
    }

    /** {@code env_file}: one path or an array of them, relative to the config file's directory. */
    private List<Path> envFiles() {
        Optional<JsonNode> v = t.get("env_file");
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> names;
        if (v.get().isTextual()) {
            names = List.of(v.get().textValue());
        } else if (v.get().isArray()) {
            names = t.strings("env_file").orElse(List.of());
        } else {
            t.problem("env_file", "env_file must be a path or an array of paths, got " + TomlTable.describe(v.get()));
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (String n : names) {
            Optional<Path> p = n.isBlank() ? Optional.empty() : path("env_file", n);
            if (n.isBlank()) {
                t.problem("env_file", "env_file must not be empty");
            } else if (p.isPresent() && !Files.isRegularFile(p.get())) {
                t.problem("env_file", "env_file '" + p.get() + "' " + (Files.exists(p.get()) ? "is not a file" : "not found"));
            } else {
                p.ifPresent(files::add);
            }
        }
        return files;
    }

    /** env_file(s), then {@code env}, then {@code env_<profile>}: later layers win. */
    private Map<String, String> env(List<Path> envFiles, Optional<String> profile) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Path file : envFiles) {
            try {
                env.putAll(EnvFile.load(file));
            } catch (ConfigException e) {
                e.problems().forEach(p -> problems.verbatim(p + " (env_file of app '" + name + "')"));
            }
        }
        t.stringTable("env").ifPresent(env::putAll);
        for (String k : t.keys()) {
            if (isProfileKey(k)) {
                Optional<Map<String, String>> table = t.stringTable(k);
                if (profile.isPresent() && k.equals(PROFILE_PREFIX + profile.get())) {
                    table.ifPresent(env::putAll);
                }
            }
        }
        return env;
    }

    /** Keys of the original's files that velos parses but does not honour: accepted, with a warning. */
    private void unsupported(List<String> warnings) {
        if (t.string("log_file").isPresent()) {
            warnings.add(problems.locate(List.of("apps", key, "log_file"), "app '" + name + "': log_file is not"
                    + " supported and was ignored (logs go to <velos home>/logs/" + name + "-out.log and -err.log)"));
        }
    }
}
