// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.List;

import dev.velos.ipc.WireTypes.AppSettings;
import dev.velos.ipc.WireTypes.ConfigSetArgs;
import dev.velos.ipc.WireTypes.ConfigSetResult;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.ipc.WireTypes.StartArgs;
import dev.velos.ipc.WireTypes.StartManyArgs;

/**
 * The wire form of the records that describe apps: start arguments (also the entries of
 * {@code state.bin}), process views, and the editable settings. Keys are the snake_case names
 * velos 0.1.0 wrote; fields the writer leaves null travel as nil.
 */
public final class ProcessCodecs {
    private ProcessCodecs() {
    }

    /** Every field but the script may be absent or nil: the daemon's default applies. */
    public static final WireCodec<StartArgs> START_ARGS = WireCodec.record("start args",
            (w, a) -> w
                    .str("name", a.name())
                    .str("script", a.script())
                    .value("args", a.args())
                    .str("cwd", a.cwd())
                    .str("interpreter", a.interpreter())
                    .value("env", a.env())
                    .bool("autorestart", a.autorestart())
                    .i32("max_restarts", a.maxRestarts())
                    .i64("min_uptime_ms", a.minUptimeMs())
                    .i64("restart_delay_ms", a.restartDelayMs())
                    .bool("exp_backoff", a.expBackoff())
                    .i64("kill_timeout_ms", a.killTimeoutMs())
                    .i64("log_max_size", a.logMaxSize())
                    .i32("log_retain_count", a.logRetainCount())
                    .bool("wait_ready", a.waitReady())
                    .i64("listen_timeout_ms", a.listenTimeoutMs())
                    .bool("shutdown_with_message", a.shutdownWithMessage())
                    .i64("max_memory_restart", a.maxMemoryRestart())
                    .str("cron_restart", a.cronRestart())
                    .bool("watch", a.watch())
                    .value("watch_paths", a.watchPaths())
                    .value("watch_ignore", a.watchIgnore())
                    .i64("watch_delay_ms", a.watchDelayMs())
                    .i32("instances", a.instances())
                    .i64("watchdog_ms", a.watchdogMs())
                    .optional("client_env", a.clientEnv())
                    .optional("orchestration", a.orchestration())
                    .optional("log_files", a.logFiles())
                    .optional("listen", a.listen()),
            f -> new StartArgs(
                    f.strOrNull("name"),
                    f.requiredStr("script"),
                    f.stringsOrNull("args"),
                    f.strOrNull("cwd"),
                    f.strOrNull("interpreter"),
                    f.stringMapOrNull("env"),
                    f.boolOrNull("autorestart"),
                    f.i32OrNull("max_restarts"),
                    f.i64OrNull("min_uptime_ms"),
                    f.i64OrNull("restart_delay_ms"),
                    f.boolOrNull("exp_backoff"),
                    f.i64OrNull("kill_timeout_ms"),
                    f.i64OrNull("log_max_size"),
                    f.i32OrNull("log_retain_count"),
                    f.boolOrNull("wait_ready"),
                    f.i64OrNull("listen_timeout_ms"),
                    f.boolOrNull("shutdown_with_message"),
                    f.i64OrNull("max_memory_restart"),
                    f.strOrNull("cron_restart"),
                    f.boolOrNull("watch"),
                    f.stringsOrNull("watch_paths"),
                    f.stringsOrNull("watch_ignore"),
                    f.i64OrNull("watch_delay_ms"),
                    f.i32OrNull("instances"),
                    f.i64OrNull("watchdog_ms"),
                    f.stringMapOrNull("client_env"),
                    f.plainMapOrNull("orchestration"),
                    f.plainMapOrNull("log_files"),
                    f.stringsOrNull("listen")));

    public static final WireCodec<StartManyArgs> START_MANY_ARGS = WireCodec.record("start.many args",
            (w, a) -> w.with("apps", a.apps(), WireCodec.listOf(START_ARGS, "apps")).optional("client_env", a.clientEnv()),
            f -> new StartManyArgs(f.requiredList("apps", START_ARGS), f.stringMapOrNull("client_env")));

    public static final WireCodec<ProcessView> PROCESS_VIEW = WireCodec.record("process view",
            (w, v) -> w
                    .i64("id", v.id())
                    .str("name", v.name())
                    .i64("pid", v.pid())
                    .i64("status", v.status())
                    .str("status_str", v.statusStr())
                    .i64("memory_bytes", v.memoryBytes())
                    .i64("uptime_ms", v.uptimeMs())
                    .i64("restart_count", v.restartCount())
                    .f64("cpu_percent", v.cpuPercent())
                    .i64("consecutive_crashes", v.consecutiveCrashes())
                    .i64("last_restart_ms", v.lastRestartMs())
                    .str("script", v.script())
                    .value("args", v.args())
                    .str("cwd", v.cwd())
                    .str("interpreter", v.interpreter())
                    .i64("kill_timeout_ms", v.killTimeoutMs())
                    .bool("autorestart", v.autorestart())
                    .i64("max_restarts", v.maxRestarts())
                    .i64("min_uptime_ms", v.minUptimeMs())
                    .i64("restart_delay_ms", v.restartDelayMs())
                    .bool("exp_backoff", v.expBackoff())
                    .i64("last_exit_code", v.lastExitCode())
                    .i64("last_signal", v.lastSignal())
                    .i64("started_at_ms", v.startedAtMs())
                    .bool("wait_ready", v.waitReady())
                    .i64("listen_timeout_ms", v.listenTimeoutMs())
                    .bool("shutdown_with_message", v.shutdownWithMessage())
                    .i64("max_memory_restart", v.maxMemoryRestart())
                    .str("cron_restart", v.cronRestart())
                    .str("last_restart_reason", v.lastRestartReason())
                    .bool("watch", v.watch())
                    .value("watch_paths", v.watchPaths())
                    .value("watch_ignore", v.watchIgnore())
                    .i64("watch_delay_ms", v.watchDelayMs())
                    .str("status_text", v.statusText())
                    .str("log_error", v.logError())
                    .value("env", v.env())
                    .i64("log_lines_out", v.logLinesOut())
                    .i64("log_lines_err", v.logLinesErr())
                    .optional("orchestration", v.orchestration().isEmpty() ? null : v.orchestration())
                    .optional("orchestration_state", v.orchestrationState().isEmpty() ? null : v.orchestrationState())
                    .optional("log_files", v.logFiles().isEmpty() ? null : v.logFiles())
                    .optional("listen", v.listen().isEmpty() ? null : v.listen()),
            f -> new ProcessView(
                    f.i32("id"),
                    f.str("name"),
                    f.i32("pid"),
                    f.i32("status"),
                    f.str("status_str"),
                    f.i64("memory_bytes"),
                    f.i64("uptime_ms"),
                    f.i32("restart_count"),
                    f.f64("cpu_percent"),
                    f.i32("consecutive_crashes"),
                    f.i64("last_restart_ms"),
                    f.str("script"),
                    f.strings("args"),
                    f.str("cwd"),
                    f.str("interpreter"),
                    f.i64("kill_timeout_ms"),
                    f.bool("autorestart"),
                    f.i32("max_restarts"),
                    f.i64("min_uptime_ms"),
                    f.i64("restart_delay_ms"),
                    f.bool("exp_backoff"),
                    f.i32("last_exit_code"),
                    f.i32("last_signal"),
                    f.i64("started_at_ms"),
                    f.bool("wait_ready"),
                    f.i64("listen_timeout_ms"),
                    f.bool("shutdown_with_message"),
                    f.i64("max_memory_restart"),
                    f.str("cron_restart"),
                    f.str("last_restart_reason"),
                    f.bool("watch"),
                    f.strings("watch_paths"),
                    f.strings("watch_ignore"),
                    f.i64("watch_delay_ms"),
                    f.str("status_text"),
                    f.str("log_error"),
                    f.stringMap("env"),
                    f.i64("log_lines_out"),
                    f.i64("log_lines_err"),
                    f.plainMap("orchestration"),
                    f.plainMap("orchestration_state"),
                    f.plainMap("log_files"),
                    f.strings("listen")));

    public static final WireCodec<List<ProcessView>> PROCESS_VIEWS = WireCodec.listOf(PROCESS_VIEW, "process list");

    public static final WireCodec<AppSettings> APP_SETTINGS = WireCodec.record("app settings",
            (w, s) -> w
                    .str("name", s.name())
                    .str("script", s.script())
                    .value("args", s.args())
                    .str("cwd", s.cwd())
                    .str("interpreter", s.interpreter())
                    .value("env_keys", s.envKeys())
                    .bool("autorestart", s.autorestart())
                    .i64("max_restarts", s.maxRestarts())
                    .i64("min_uptime_ms", s.minUptimeMs())
                    .i64("restart_delay_ms", s.restartDelayMs())
                    .bool("exp_backoff", s.expBackoff())
                    .i64("kill_timeout_ms", s.killTimeoutMs())
                    .i64("max_memory_restart", s.maxMemoryRestart())
                    .str("cron_restart", s.cronRestart())
                    .bool("watch", s.watch())
                    .value("watch_paths", s.watchPaths())
                    .value("watch_ignore", s.watchIgnore())
                    .i64("watch_delay_ms", s.watchDelayMs())
                    .bool("wait_ready", s.waitReady())
                    .i64("listen_timeout_ms", s.listenTimeoutMs())
                    .bool("shutdown_with_message", s.shutdownWithMessage()),
            f -> new AppSettings(
                    f.str("name"),
                    f.str("script"),
                    f.strings("args"),
                    f.str("cwd"),
                    f.str("interpreter"),
                    f.strings("env_keys"),
                    f.bool("autorestart"),
                    f.i32("max_restarts"),
                    f.i64("min_uptime_ms"),
                    f.i64("restart_delay_ms"),
                    f.bool("exp_backoff"),
                    f.i64("kill_timeout_ms"),
                    f.i64("max_memory_restart"),
                    f.str("cron_restart"),
                    f.bool("watch"),
                    f.strings("watch_paths"),
                    f.strings("watch_ignore"),
                    f.i64("watch_delay_ms"),
                    f.bool("wait_ready"),
                    f.i64("listen_timeout_ms"),
                    f.bool("shutdown_with_message")));

    public static final WireCodec<List<AppSettings>> APP_SETTINGS_LIST = WireCodec.listOf(APP_SETTINGS, "settings list");

    /** {@code changes} values stay plain (Map/List/String/Long/Double/Boolean/null): ConfigEditor checks them per key. */
    public static final WireCodec<ConfigSetArgs> CONFIG_SET_ARGS = WireCodec.record("config.set args",
            (w, a) -> w
                    .str("target", a.target())
                    .value("changes", a.changes())
                    .bool("restart", a.restart()),
            f -> new ConfigSetArgs(
                    f.requiredStr("target"),
                    f.requiredMap("changes"),
                    f.bool("restart")));

    public static final WireCodec<ConfigSetResult> CONFIG_SET_RESULT = WireCodec.record("config.set result",
            (w, r) -> w
                    .with("apps", r.apps(), APP_SETTINGS_LIST)
                    .value("changed", r.changed())
                    .bool("restarted", r.restarted()),
            f -> new ConfigSetResult(
                    f.list("apps", APP_SETTINGS),
                    f.strings("changed"),
                    f.bool("restarted")));
}
