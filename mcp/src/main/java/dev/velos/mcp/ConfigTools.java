// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.Operation;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

/** {@code config_get} and {@code config_set}: an app's stored settings, read and changed through the daemon. */
record ConfigTools(DaemonAccess daemon) {
    static final String SETTABLE = "args (array of strings), autorestart (bool), cron_restart (5-field cron, \"\" = none), "
            + "cwd (absolute dir), env (object; null removes a variable), exp_backoff (bool), interpreter, "
            + "kill_timeout_ms (>= 100), listen_timeout_ms, max_memory_restart (bytes or \"150M\"; 0 = off), "
            + "max_restarts (-1 = unlimited), min_uptime_ms, restart_delay_ms, shutdown_with_message (bool), "
            + "wait_ready (bool), watch (bool), watch_delay_ms, watch_ignore, watch_paths, listen (array of \"tcp://host:port\" / "
            + "\"unix:/path\" sockets velos holds; bound at the next restart or reload); and the velos.toml stack keys "
            + "autorestart (\"always\", \"on-failure\", \"never\"), stop_exit_codes, stop_signal, memory_max, cpu_max, pids_max, "
            + "start_delay, overlap, depends_on, readiness, liveness, cron, hooks (on_crash...), user, group (null = default)";

    List<Tool> tools() {
        return List.of(
                Tool.showingTarget("config_get", "Shows the stored settings of a process: script, args, cwd, interpreter, "
                        + "restart policy (times in ms), memory limit (bytes), cron, watch, and the names (not values) "
                        + "of its environment variables. Use it before config_set.",
                        Operation.CONFIG_GET, daemon, VelosClient::configGet, ConfigTools::shape),
                new Tool("config_set", "Changes stored settings of a process, e.g. {\"max_memory_restart\": \"512M\", "
                        + "\"max_restarts\": 5}; they are saved and used from its next start, or at once with "
                        + "restart: true. Use it to fix a crash loop, a memory limit or an environment variable. "
                        + "Settable keys: " + SETTABLE + ". Restart and limit settings need the operate scope; "
                        + "args, cwd, env and interpreter change what runs and need admin.",
                        Schemas.object(Schemas.properties("name_or_id", Schemas.NAME_OR_ID,
                                "changes", Map.of("type", "object", "description", "Setting name → new value. Keys: " + SETTABLE + "."),
                                "restart", Schemas.bool("Restart the process now so the changes apply at once (default false).")),
                                "name_or_id", "changes"),
                        Operation.CONFIG_SET_POLICY, this::set));
    }

    private Object set(ToolCall call) {
        ToolArgs args = call.args();
        Map<String, Object> changes = args.object("changes", "setting name → new value; settable: " + SETTABLE);
        call.grant().require(Operation.configSet(changes.keySet()),
                "config_set of " + String.join(", ", Operation.adminSettings(changes.keySet())));
        String target = daemon.target(call);
        WireTypes.ConfigSetResult r = daemon.with(c -> c.configSet(target, changes, args.flag("restart")));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("changed", r.changed());
        o.put("config", Outputs.oneOrMany(r.apps(), ConfigTools::shape));
        o.put("restarted", r.restarted());
        o.put("success", true);
        return o;
    }

    /** REFERENCE §10.2's config_get keys, plus args, env_keys, listen_timeout_ms and the watch lists. */
    static Map<String, Object> shape(WireTypes.AppSettings s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("args", s.args());
        o.put("autorestart", s.autorestart());
        o.put("cron_restart", s.cronRestart());
        o.put("cwd", s.cwd());
        o.put("env_keys", s.envKeys());
        o.put("exp_backoff", s.expBackoff());
        o.put("interpreter", s.interpreter());
        o.put("kill_timeout_ms", s.killTimeoutMs());
        o.put("listen_timeout_ms", s.listenTimeoutMs());
        o.put("max_memory_restart", s.maxMemoryRestart());
        o.put("max_restarts", s.maxRestarts());
        o.put("min_uptime_ms", s.minUptimeMs());
        o.put("name", s.name());
        o.put("restart_delay_ms", s.restartDelayMs());
        o.put("script", s.script());
        o.put("shutdown_with_message", s.shutdownWithMessage());
        o.put("wait_ready", s.waitReady());
        o.put("watch", s.watch());
        o.put("watch_delay_ms", s.watchDelayMs());
        o.put("watch_ignore", s.watchIgnore());
        o.put("watch_paths", s.watchPaths());
        return o;
    }
}
