// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.velos.ipc.WireTypes;
import dev.velos.model.AppSpec;
import dev.velos.model.ByteSize;
import dev.velos.model.ErrorCode;
import dev.velos.model.ListenAddress;
import dev.velos.model.LogFileSettings;
import dev.velos.model.LogSettings;
import dev.velos.model.OrchestrationSettings;
import dev.velos.model.ReadyPolicy;
import dev.velos.model.RestartPolicy;
import dev.velos.model.RestartTriggers;
import dev.velos.model.VelosException;
import dev.velos.model.WatchPolicy;

/**
 * The settings {@code config.set} may change and how: each key of {@link WireTypes.AppSettings}
 * (or its velos.toml spelling, REFERENCE §2.6) with a value of the right type, checked all
 * together before anything changes. The name, script and instance count are not editable: they
 * identify the app (delete and start it again instead).
 */
final class ConfigEditor {
    /** velos.toml spellings → the names config.get reports. */
    private static final Map<String, String> ALIASES = Map.of(
            "kill_timeout", "kill_timeout_ms",
            "min_uptime", "min_uptime_ms",
            "restart_delay", "restart_delay_ms",
            "exp_backoff_restart_delay", "exp_backoff",
            "watch_delay", "watch_delay_ms",
            "listen_timeout", "listen_timeout_ms");
    static final List<String> KEYS = List.of("args", "autorestart", "cron_restart", "cwd", "env", "exp_backoff",
            "interpreter", "kill_timeout_ms", "listen_timeout_ms", "max_memory_restart", "max_restarts", "min_uptime_ms",
            "restart_delay_ms", "shutdown_with_message", "wait_ready", "watch", "watch_delay_ms", "watch_ignore",
            "watch_paths", "log_max_size", "log_retain_count", "listen");

    private final Map<String, Object> changes;

    private ConfigEditor(Map<String, Object> changes) {
        this.changes = changes;
    }

    /** Checks the keys of {@code raw} (values are checked per app by {@link #applyTo}). */
    static ConfigEditor of(Map<String, Object> raw) {
        if (raw == null || raw.isEmpty()) {
            throw invalid("no changes given; settable keys: " + String.join(", ", KEYS));
        }
        Map<String, Object> canonical = new TreeMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String key = ALIASES.getOrDefault(e.getKey(), e.getKey());
            if (!KEYS.contains(key) && !OrchestrationSettings.KEYS.contains(key) && !LogFileSettings.KEYS.contains(key)) {
                throw invalid("unknown setting '" + e.getKey() + "'" + (isIdentity(key)
                        ? " (it identifies the app: delete it and start it again to change it)" : "")
                        + "; settable keys: " + String.join(", ", KEYS) + ", the log keys "
                        + String.join(", ", LogFileSettings.KEYS) + ", and the stack keys "
                        + String.join(", ", OrchestrationSettings.KEYS));
            }
            canonical.put(key, e.getValue());
        }
        return new ConfigEditor(canonical);
    }

    /** The canonical names of the settings this edit changes. */
    List<String> keys() {
        return List.copyOf(changes.keySet());
    }

    /** Whether the edit changes how the app's output is kept (the log store must be told). */
    boolean changesLogs() {
        return changes.keySet().stream().anyMatch(k -> LogFileSettings.KEYS.contains(k) || k.equals("log_max_size")
                || k.equals("log_retain_count"));
    }

    /** {@code current} with this edit's log keys over it (nil = back to the default), read by the parser every start uses. */
    private LogSettings logSettings(LogSettings current) {
        Map<String, Object> keys = new LinkedHashMap<>(LogFileSettings.render(current));
        Long maxSize = current.maxBytes();
        Integer retain = current.retainCount();
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            switch (e.getKey()) {
                case "log_max_size" -> maxSize = e.getValue() == null ? null : logSize(e.getValue());
                case "log_retain_count" -> retain = e.getValue() == null ? null
                        : (int) integer("log_retain_count", e.getValue(), 0, 1000);
                default -> {
                    if (LogFileSettings.KEYS.contains(e.getKey())) {
                        keys.remove(e.getKey());
                        if (e.getValue() != null) {
                            keys.put(e.getKey(), e.getValue());
                        }
                    }
                }
            }
        }
        return LogFileSettings.parse(keys, maxSize, retain);
    }

    /** Whether the edit changes where or how the program is found, so the result must be checked for spawning. */
    boolean changesLaunch() {
        return changes.containsKey("cwd") || changes.containsKey("interpreter");
    }

    /** {@code spec} with the changes; throws {@link VelosException} (INVALID_ARGUMENT) naming the bad key. */
    AppSpec applyTo(AppSpec spec) {
        RestartPolicy r = spec.restart();
        ReadyPolicy ready = spec.ready();
        RestartTriggers t = spec.triggers();
        WatchPolicy w = t.watch();
        AppSpec.Builder b = spec.toBuilder();
        long maxMemory = t.maxMemoryBytes();
        String cron = t.cronRestart();
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            switch (key) {
                case "args" -> b.args(strings(key, v));
                case "cwd" -> b.cwd(directory(v));
                case "interpreter" -> b.interpreter(v == null ? "" : string(key, v));
                case "env" -> b.env(mergedEnv(spec.env(), v));
                case "autorestart" -> r = v instanceof String mode && !mode.equalsIgnoreCase("true")
                        && !mode.equalsIgnoreCase("false") ? r : r.withAutorestart(bool(key, v));
                case "max_restarts" -> r = r.withMaxRestarts((int) integer(key, v, -1, Integer.MAX_VALUE));
                case "min_uptime_ms" -> r = r.withMinUptime(Duration.ofMillis(integer(key, v, 1, Long.MAX_VALUE)));
                case "restart_delay_ms" -> r = r.withRestartDelay(Duration.ofMillis(integer(key, v, 0, Long.MAX_VALUE)));
                case "exp_backoff" -> r = r.withExpBackoff(bool(key, v));
                case "kill_timeout_ms" -> r = r.withKillTimeout(Duration.ofMillis(integer(key, v, 100, Long.MAX_VALUE)));
                case "max_memory_restart" -> maxMemory = memory(v);
                case "cron_restart" -> cron = v == null ? "" : cronFields(string(key, v));
                case "watch" -> w = new WatchPolicy(bool(key, v), w.paths(), w.ignore(), w.delay());
                case "watch_paths" -> w = new WatchPolicy(w.enabled(), strings(key, v), w.ignore(), w.delay());
                case "watch_ignore" -> w = new WatchPolicy(w.enabled(), w.paths(), strings(key, v), w.delay());
                case "watch_delay_ms" -> w = new WatchPolicy(w.enabled(), w.paths(), w.ignore(),
                        Duration.ofMillis(integer(key, v, 1, Long.MAX_VALUE)));
                case "wait_ready" -> ready = new ReadyPolicy(bool(key, v), ready.listenTimeout(), ready.shutdownWithMessage(),
                        ready.watchdog());
                case "listen_timeout_ms" -> ready = new ReadyPolicy(ready.waitReady(),
                        Duration.ofMillis(integer(key, v, 1, Long.MAX_VALUE)), ready.shutdownWithMessage(), ready.watchdog());
                case "shutdown_with_message" -> ready = new ReadyPolicy(ready.waitReady(), ready.listenTimeout(), bool(key, v),
                        ready.watchdog());
                case "log_max_size", "log_retain_count" -> { } // with the other log keys, below
                // The held sockets follow at the app's next start, restart or reload (ListenSockets.acquire).
                case "listen" -> b.listen(strings(key, v).stream().map(ListenAddress::parse).toList());
                default -> {
                    if (!OrchestrationSettings.KEYS.contains(key) && !LogFileSettings.KEYS.contains(key)) {
                        throw new IllegalStateException("key checked in of(): " + key);
                    }
                }
            }
        }
        AppSpec edited = b.restart(r).ready(ready).triggers(new RestartTriggers(maxMemory, cron, w)).logs(logSettings(spec.logs()))
                .build();
        Views.logPolicy(edited); // checks the paths as a start would
        return changesOrchestration() ? withOrchestration(edited) : edited;
    }

    private boolean changesOrchestration() {
        return changes.keySet().stream().anyMatch(OrchestrationSettings.KEYS::contains);
    }

    /**
     * {@code spec} with the stack keys of this edit over its current ones (nil = back to the
     * default), read by the parser every start uses. {@code autorestart} as true/false was applied
     * to the restart policy; as a word ("on-failure") it is one of these settings.
     */
    private AppSpec withOrchestration(AppSpec spec) {
        Map<String, Object> settings = new java.util.LinkedHashMap<>(OrchestrationSettings.render(spec, SignalNames::name));
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            if (!OrchestrationSettings.KEYS.contains(e.getKey())) {
                continue;
            }
            settings.remove(e.getKey());
            boolean plainBoolean = e.getKey().equals("autorestart") && !(e.getValue() instanceof String mode
                    && !mode.equalsIgnoreCase("true") && !mode.equalsIgnoreCase("false"));
            if (e.getValue() != null && !plainBoolean) {
                settings.put(e.getKey(), e.getValue());
            }
        }
        return OrchestrationSettings.parseOrThrow(settings, SignalNames::parse).applyTo(spec);
    }

    /** What {@code config.get} reports for {@code spec}: every setting, the environment by name only. */
    static WireTypes.AppSettings settings(AppSpec s) {
        RestartPolicy r = s.restart();
        RestartTriggers t = s.triggers();
        return new WireTypes.AppSettings(s.name(), s.script(), s.args(), s.cwd().toString(), s.interpreter(),
                List.copyOf(new TreeSet<>(s.env().keySet())), r.autorestart(), r.maxRestarts(), r.minUptime().toMillis(),
                r.restartDelay().toMillis(), r.expBackoff(), r.killTimeout().toMillis(), t.maxMemoryBytes(), t.cronRestart(),
                t.watch().enabled(), t.watch().paths(), t.watch().ignore(), t.watch().delay().toMillis(),
                s.ready().waitReady(), s.ready().listenTimeout().toMillis(), s.ready().shutdownWithMessage());
    }

    private static boolean isIdentity(String key) {
        return key.equals("name") || key.equals("script") || key.equals("instances");
    }

    private static boolean bool(String key, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw invalid(key + " must be true or false, got " + describe(v));
    }

    /** A whole number in [min, max]; a string of digits is accepted (models often quote numbers). */
    private static long integer(String key, Object v, long min, long max) {
        long n;
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.longValue();
        } else if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(s.trim());
        } else {
            throw invalid(key + " must be a whole number" + (key.endsWith("_ms") ? " of milliseconds" : "") + ", got "
                    + describe(v));
        }
        if (n < min || n > max) {
            throw invalid(key + " must be >= " + min + (key.endsWith("_ms") ? " ms" : "") + ", got " + n);
        }
        return n;
    }

    private static String string(String key, Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw invalid(key + " must be a string, got " + describe(v));
    }

    private static List<String> strings(String key, Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw invalid(key + " must be an array of strings, got " + describe(v));
    }

    private static Path directory(Object v) {
        String text = string("cwd", v);
        Path dir = Path.of(text);
        if (!dir.isAbsolute()) {
            throw invalid("cwd must be an absolute path, got '" + text + "'");
        }
        if (!Files.isDirectory(dir)) {
            throw invalid("cwd '" + text + "' is not a directory");
        }
        return dir.normalize();
    }

    /** Bytes as a number, or a memory string such as {@code 150M} (REFERENCE §2.7); 0, "" or null turn the limit off. */
    private static long memory(Object v) {
        if (v == null || v instanceof String s && s.isBlank()) {
            return 0;
        }
        if (v instanceof Number) {
            return integer("max_memory_restart", v, 0, Long.MAX_VALUE);
        }
        if (v instanceof String s) {
            try {
                return ByteSize.parse(s);
            } catch (VelosException e) {
                throw invalid("invalid max_memory_restart format: '" + s + "' (use bytes, or a number with K, M or G)");
            }
        }
        throw invalid("max_memory_restart must be bytes or a memory string like 150M, got " + describe(v));
    }

    /** {@code log_max_size}: bytes or a size string ({@code 10M}); null back to the default. */
    private static long logSize(Object v) {
        if (v == null) {
            return LogSettings.DEFAULT_MAX_BYTES;
        }
        if (v instanceof String s) {
            try {
                return ByteSize.parse(s);
            } catch (VelosException e) {
                throw invalid("invalid log_max_size: '" + s + "' (use bytes, or a number with K, M or G)");
            }
        }
        return integer("log_max_size", v, 4096, Long.MAX_VALUE);
    }

    /** The field count is checked here; the grammar by the supervisor, which schedules it. */
    private static String cronFields(String expression) {
        String trimmed = expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        if (!trimmed.isEmpty() && !trimmed.startsWith("@") && fields != 5) {
            throw invalid("cron_restart must have 5 fields, got " + fields);
        }
        return trimmed;
    }

    /** The old environment with {@code v}'s entries put in; a null value removes that variable. */
    private static Map<String, String> mergedEnv(Map<String, String> old, Object v) {
        if (!(v instanceof Map<?, ?> map)) {
            throw invalid("env must be an object of NAME: value (null removes NAME), got " + describe(v));
        }
        Map<String, String> env = new LinkedHashMap<>(old);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (value == null) {
                env.remove(name);
            } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                env.put(name, String.valueOf(value));
            } else {
                throw invalid("env." + name + " must be a string, got " + describe(value));
            }
        }
        return env;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        String kind = v instanceof List<?> ? "an array" : v instanceof Map<?, ?> ? "an object"
                : v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        String text = String.valueOf(v);
        return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }

    private static VelosException invalid(String message) {
        return new VelosException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
