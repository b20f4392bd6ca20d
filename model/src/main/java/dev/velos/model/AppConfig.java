// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One {@code [apps.<key>]} table of a config file, validated, with every default filled in and
 * every path made absolute. Built by {@link AppConfigFile}; nothing here is null.
 *
 * @param name             process name (the {@code name} key, else the table key); a base name, never {@code name:N}
 * @param script           the program, verbatim: relative to {@code cwd} at exec time, or a command on PATH
 * @param cwd              absolute working directory (default: the config file's directory)
 * @param interpreter      explicit interpreter, empty for auto-detection (shebang, then extension)
 * @param args             arguments after the script
 * @param instances        number of instances, at least 1 ({@code "max"} is already resolved to the CPU count)
 * @param restart          autorestart, max_restarts, min_uptime, restart_delay, exp_backoff_restart_delay, kill_timeout
 * @param maxMemoryRestart restart when the group's RSS exceeds this many bytes; empty = no limit
 * @param watch            watch, watch_paths, watch_ignore, watch_delay
 * @param cronRestart      cron_restart as written (checked with {@link dev.velos.model.CronRules}); empty = none
 * @param ready            wait_ready, listen_timeout, shutdown_with_message
 * @param logs             log_max_size, log_retain_count; empty = the daemon's defaults
 * @param env              the app's variables: env_file(s), then {@code env}, then {@code env_<profile>}
 * @param envFiles         absolute paths of the env files read into {@code env}, in the order applied
 * @param watchdogMs       {@code watchdog}: restart when no WATCHDOG=1 comes for this long (needs wait_ready); empty = none
 * @param orchestration    the issue 19 keys as written (depends_on, readiness, liveness, autorestart = "on-failure",
 *                         stop_exit_codes, stop_signal, cron, overlap, hooks, user, group, limits, start_delay),
 *                         already checked by {@code OrchestrationSettings}; sent as they are
 * @param logFiles         the issue 21 log file keys as written (log_rotate, log_compress, log_retain_days, out_file,
 *                         error_file, merge_logs, log_format), already checked by {@code LogFileSettings}; sent as they are
 * @param listen           {@code listen}: the addresses the daemon holds for the app (issue 20), each checked by
 *                         {@code ListenAddress}; empty = none
 */
public record AppConfig(String name, String script, Path cwd, Optional<String> interpreter, List<String> args,
                        int instances, RestartPolicy restart, OptionalLong maxMemoryRestart, Watch watch,
                        Optional<String> cronRestart, Ready ready, LogRotation logs, Map<String, String> env,
                        List<Path> envFiles, OptionalLong watchdogMs, Map<String, Object> orchestration,
                        Map<String, Object> logFiles, List<String> listen) {
    public AppConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(interpreter, "interpreter");
        args = List.copyOf(args);
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(maxMemoryRestart, "maxMemoryRestart");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(cronRestart, "cronRestart");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(logs, "logs");
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        envFiles = List.copyOf(envFiles);
        Objects.requireNonNull(watchdogMs, "watchdogMs");
        orchestration = Collections.unmodifiableMap(new LinkedHashMap<>(orchestration));
        logFiles = Collections.unmodifiableMap(new LinkedHashMap<>(logFiles));
        listen = List.copyOf(listen);
    }

    /** This app with {@code value} as its restart policy (start --config's --no-autorestart, --max-restarts). */
    public AppConfig withRestart(RestartPolicy value) {
        return new AppConfig(name, script, cwd, interpreter, args, instances, value, maxMemoryRestart, watch, cronRestart,
                ready, logs, env, envFiles, watchdogMs, orchestration, logFiles, listen);
    }

    /** This app with {@code value} as its issue 19 settings. */
    public AppConfig withOrchestration(Map<String, Object> value) {
        return new AppConfig(name, script, cwd, interpreter, args, instances, restart, maxMemoryRestart, watch, cronRestart,
                ready, logs, env, envFiles, watchdogMs, value, logFiles, listen);
    }

    /** More than one instance: the daemon names them {@code name:0} … {@code name:N-1}. */
    public boolean isCluster() {
        return instances > 1;
    }

    /**
     * File watching. Relative {@code paths} are relative to the app's cwd; no paths means the cwd
     * itself. {@code ignore} holds globs in addition to the watcher's built-in ones.
     *
     * @param enabled whether a change restarts the app
     * @param paths   what to watch (verbatim)
     * @param ignore  glob patterns not to react to (verbatim)
     * @param delay   quiet period after the last change before the restart
     */
    public record Watch(boolean enabled, List<String> paths, List<String> ignore, Duration delay) {
        public static final Duration DEFAULT_DELAY = Duration.ofMillis(1000);
        public static final Watch OFF = new Watch(false, List.of(), List.of(), DEFAULT_DELAY);

        public Watch {
            paths = List.copyOf(paths);
            ignore = List.copyOf(ignore);
            Objects.requireNonNull(delay, "delay");
        }
    }

    /**
     * The ready and shutdown channel (REFERENCE §4).
     *
     * @param waitReady           stay {@code starting} until the app signals readiness
     * @param listenTimeout       how long to wait for that signal before {@code running} anyway
     * @param shutdownWithMessage on stop, send {@code {"type":"shutdown"}} instead of SIGTERM
     */
    public record Ready(boolean waitReady, Duration listenTimeout, boolean shutdownWithMessage) {
        public static final Duration DEFAULT_LISTEN_TIMEOUT = Duration.ofMillis(8000);
        public static final Ready DEFAULT = new Ready(false, DEFAULT_LISTEN_TIMEOUT, false);

        public Ready {
            Objects.requireNonNull(listenTimeout, "listenTimeout");
        }
    }

    /**
     * Log rotation; an empty value leaves the daemon's default ({@code LogPolicy.DEFAULT}).
     *
     * @param maxSize     rotate a log file at this many bytes
     * @param retainCount rotated files kept per stream
     */
    public record LogRotation(OptionalLong maxSize, OptionalInt retainCount) {
        public static final LogRotation DEFAULT = new LogRotation(OptionalLong.empty(), OptionalInt.empty());

        public LogRotation {
            Objects.requireNonNull(maxSize, "maxSize");
            Objects.requireNonNull(retainCount, "retainCount");
        }
    }
}
