// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.velos.ipc.Operation;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;
import dev.velos.model.ExitCodePolicy;
import dev.velos.model.ListenAddress;
import dev.velos.model.LogFileSettings;
import dev.velos.model.OrchestrationSettings;
import dev.velos.model.ProcessStatus;
import dev.velos.model.VelosException;

/** The tools that list, start, stop, restart, delete and inspect processes. */
record ProcessTools(DaemonAccess daemon, Path workingDirectory) {
    List<Tool> tools() {
        return List.of(
                new Tool("process_list", "Lists every process velos manages with its status, pid, memory (bytes), "
                        + "uptime (ms) and restart count. Call it first to learn the names the other tools take.",
                        Schemas.none(), Operation.LIST,
                        call -> daemon.with(c -> DaemonAccess.visible(call.grant(), c.list()).stream().map(Outputs::listEntry)
                                .toList())),
                new Tool("process_start", "Starts a program or script as a supervised background process that restarts "
                        + "when it crashes (up to 15 quick crashes), or, given only a name, starts again a stopped or "
                        + "errored process velos already knows, with its stored settings (a running one is left alone). "
                        + "Use it to run servers, workers or scripts; starts the velos daemon if it is not running. "
                        + "Starting a new script needs the 'admin' scope; starting a known process by name, 'operate'.",
                        Schemas.object(Schemas.properties(
                                "script", Schemas.string("Program or script to run: a path (relative to cwd) or a command on PATH. "
                                        + "Omit it to start the known process 'name' again."),
                                "name", Schemas.string("Unique process name (letters, digits, - and _). Default: the script's file name."),
                                "cwd", Schemas.string("Working directory, absolute. Default: the MCP server's working directory."),
                                "interpreter", Schemas.string("Interpreter such as node or python3. Default: detected from the shebang or extension."),
                                "args", Schemas.strings("Arguments passed to the script."),
                                "depends_on", Map.of("type", "object", "description", "Start only once these apps hold: "
                                        + "{\"db\": \"healthy\", \"migrate\": \"completed_successfully\", \"cache\": \"started\"}."),
                                "readiness", Map.of("type", "object", "description", "Readiness probe: one of http (URL), tcp "
                                        + "(host:port) or exec (command array), with period, timeout (ms or \"5s\"), failure_threshold."),
                                "liveness", Map.of("type", "object", "description", "Liveness probe (same keys as readiness): "
                                        + "failing past failure_threshold restarts the app."),
                                "autorestart", Map.of("description", "always (default), on-failure or never; true/false also work."),
                                "stop_exit_codes", Map.of("type", "array", "items", Map.of("type", "integer"),
                                        "description", "Exit codes that are never restarted."),
                                "stop_signal", Schemas.string("Signal a stop sends first (default SIGTERM), e.g. SIGINT."),
                                "cron", Schemas.string("Run as a job on this cron schedule (also after it exited)."),
                                "overlap", Schemas.string("With cron: skip (default), queue or replace while a run still goes."),
                                "on_crash", Map.of("description", "Hook: a command array, or {\"webhook\": URL}. Also on_errored, "
                                        + "on_restart, on_ready, and webhook (a URL for every event)."),
                                "user", Schemas.string("Run as this user (the daemon must run as root); group as well."),
                                "memory_max", Schemas.string("cgroup v2 memory.max, e.g. 256M (cpu_max \"50%\" and pids_max too)."),
                                "start_delay", Schemas.string("Wait this long (ms or \"2s\") once its dependencies hold."),
                                "listen", Schemas.strings("Sockets velos binds and passes to every instance from fd 3 "
                                        + "(systemd socket activation: LISTEN_FDS): tcp://HOST:PORT or unix:/PATH. A reload then "
                                        + "refuses no connection; with instances they share the port."),
                                "out_file", Schemas.string("File for stdout, absolute or relative to cwd; \"/dev/null\" discards. "
                                        + "Default: <velos home>/logs/<name>-out.log."),
                                "error_file", Schemas.string("File for stderr, as out_file. Default: <velos home>/logs/<name>-err.log."),
                                "merge_logs", Schemas.bool("Both streams in one file (<name>.log, or out_file)."),
                                "log_format", Schemas.string("text (default) or json: one {ts, stream, level, msg} object per line."),
                                "log_rotate", Schemas.string("none (default), daily or hourly: rotate by local time as well as by size."),
                                "log_compress", Schemas.bool("Gzip rotated files from .2 on (default true)."),
                                "log_retain_days", Map.of("type", "integer", "minimum", 0, "description",
                                        "Delete rotated files older than this many days (default 0: no age limit)."))),
                        Operation.START_EXISTING,
                        args -> args.optional("script").isPresent() ? Operation.START_NEW : Operation.START_EXISTING,
                        this::start),
                targetAction("process_stop", "Stops a process gracefully (SIGTERM to its process group, SIGKILL after its "
                        + "kill timeout) and keeps it in the list as stopped. Use it to pause a process you may start again.",
                        Operation.STOP, "stopped", VelosClient::stop),
                targetAction("process_restart", "Stops a process and starts it again with its stored settings; a stopped "
                        + "process is started. Use it after changing code or settings (config_set).",
                        Operation.RESTART, "restarted", VelosClient::restart),
                targetAction("process_delete", "Stops a process (if running) and removes it from velos for good, logs "
                        + "settings included. Use it for processes that are no longer needed.",
                        Operation.DELETE, "deleted", VelosClient::delete),
                Tool.showingTarget("process_info", "Shows one process in detail: status, pid, script, cwd, args, "
                        + "interpreter, restart policy, memory (bytes), CPU (percent), uptime (ms), restarts and last exit "
                        + "code. Environment values are never shown. Use it to investigate one process.",
                        Operation.INFO, daemon, VelosClient::info, Outputs::info),
                new Tool("metrics_snapshot", "Current CPU (percent), memory (bytes), uptime (ms), pid and restarts of one "
                        + "process, or of all of them without name_or_id. Use it to check resource use.",
                        Schemas.object(Schemas.properties("name_or_id", Schemas.string(
                                "Process name or id; omit it for every process."))),
                        Operation.METRICS, this::metrics));
    }

    private Tool targetAction(String name, String description, Operation operation, String verb,
                              BiFunction<VelosClient, String, List<WireTypes.ProcessView>> action) {
        return new Tool(name, description, Schemas.target(), operation, call -> {
                    String target = daemon.target(call);
                    daemon.with(c -> action.apply(c, target));
                    return Outputs.done(verb, target);
                });
    }

    private Object start(ToolCall call) {
        ToolArgs args = call.args();
        if (args.optional("script").isEmpty()) {
            return startExisting(call, args.required("name", "the name of a known process, or a script to run"));
        }
        String script = args.required("script", "the program or script to run");
        if (!call.grant().seesEveryApp()) {
            // The daemon names an unnamed app after its script; a limited session must say which of its apps this is.
            call.grant().requireApp(args.required("name", "this session may only use the apps "
                    + String.join(", ", call.grant().apps()) + ": name the process one of them"));
        }
        Path cwd = args.optional("cwd").map(workingDirectory::resolve).orElse(workingDirectory).normalize();
        WireTypes.StartArgs start = WireTypes.StartArgs.builder(args.optional("name").orElse(null), script)
                .args(args.strings("args")).cwd(cwd.toString()).interpreter(args.optional("interpreter").orElse(""))
                .env(Map.of()).autorestart(true).maxRestarts(15).minUptimeMs(1000L).restartDelayMs(100L).expBackoff(false)
                .killTimeoutMs(5000L).orchestration(orchestration(args)).logFiles(logFiles(args)).listen(listen(args)).build();
        List<WireTypes.ProcessView> started = daemon.withStart(c -> c.start(start));
        WireTypes.ProcessView v = started.getFirst();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", v.id());
        o.put("name", v.name());
        o.put("pid", v.pid());
        o.put("status", Outputs.status(v));
        return o;
    }

    /** {@code process_start} with only a name: the known process again, as {@code velos start <name>} does. */
    private Object startExisting(ToolCall call, String name) {
        daemon.requireTarget(call.grant(), name);
        Map<String, Boolean> wasRunning = new LinkedHashMap<>();
        daemon.with(c -> c.info(name)).forEach(v -> wasRunning.put(v.name(), !ProcessStatus.ofCode(v.status()).isStartable()));
        List<Object> processes = new java.util.ArrayList<>();
        for (WireTypes.ProcessView v : daemon.with(c -> c.startExisting(name))) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", v.id());
            o.put("name", v.name());
            o.put("pid", v.pid());
            o.put("status", Outputs.status(v));
            o.put("already_running", wasRunning.getOrDefault(v.name(), false));
            processes.add(o);
        }
        return processes.size() == 1 ? processes.getFirst() : processes;
    }

    /**
     * The issue 19 settings of a process_start call, named as in velos.toml, checked by the parser
     * the daemon uses (a bad value is a tool error naming the key; a signal name is the daemon's to check).
     */
    private static Map<String, Object> orchestration(ToolArgs args) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : OrchestrationSettings.KEYS) {
            Object v = args.values().get(key);
            if (v != null && !(key.equals("autorestart") && v instanceof Boolean)) {
                settings.put(key, v);
            }
        }
        if (args.values().get("autorestart") instanceof Boolean b && !b) {
            settings.put("autorestart", "never");
        }
        List<String> problems = new java.util.ArrayList<>();
        OrchestrationSettings.parse(settings, signal -> ExitCodePolicy.SIGTERM, (path, message) -> problems.add(message));
        if (!problems.isEmpty()) {
            throw new ToolException(String.join("; ", problems));
        }
        return settings;
    }

    /** The issue 21 log file keys of a process_start call, named as in velos.toml, checked by the daemon's parser. */
    private static Map<String, Object> logFiles(ToolArgs args) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : LogFileSettings.KEYS) {
            Object v = args.values().get(key);
            if (v != null) {
                settings.put(key, v);
            }
        }
        try {
            LogFileSettings.parse(settings, null, null);
        } catch (VelosException e) {
            throw new ToolException(e.getMessage());
        }
        return settings;
    }

    /** {@code listen} of a process_start call (issue 20), each address checked by {@link ListenAddress}. */
    private static List<String> listen(ToolArgs args) {
        List<String> addresses = args.strings("listen");
        for (String address : addresses) {
            try {
                ListenAddress.parse(address);
            } catch (VelosException e) {
                throw new ToolException("listen: " + e.getMessage());
            }
        }
        return addresses;
    }

    private Object metrics(ToolCall call) {
        return call.args().optional("name_or_id")
                .map(given -> Outputs.oneOrMany(daemon.onTarget(call, VelosClient::info), Outputs::metrics))
                .orElseGet(() -> daemon.with(c -> DaemonAccess.visible(call.grant(), c.list()).stream().map(Outputs::metrics)
                        .toList()));
    }
}
