// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.velos.ipc.WireTypes;
import dev.velos.model.ExitCodePolicy;
import dev.velos.model.ListenAddress;
import dev.velos.model.LogFileSettings;
import dev.velos.model.OrchestrationSettings;
import dev.velos.model.VelosException;

/**
 * The body of {@code POST /api/processes} (REFERENCE §11.3) checked field by field: malformed
 * JSON or a non-object is 400; a missing, mistyped, out-of-range or unknown field is 422 with
 * every problem listed, so a client fixes its request in one round trip.
 */
final class StartRequest {
    private static final Set<String> KNOWN = Set.of("name", "script", "cwd", "interpreter", "args", "env",
            "kill_timeout_ms", "autorestart", "max_restarts", "min_uptime_ms", "restart_delay_ms", "exp_backoff",
            "max_memory_restart", "watch", "watch_delay_ms", "watch_paths", "watch_ignore", "cron_restart", "wait_ready",
            "listen_timeout_ms", "shutdown_with_message", "instances", "watchdog_ms", "depends_on", "readiness", "liveness",
            "stop_exit_codes", "stop_signal", "cron", "overlap", "on_crash", "on_errored", "on_restart", "on_ready",
            "webhook", "hook_timeout", "user", "group", "memory_max", "cpu_max", "pids_max", "start_delay", "log_rotate",
            "log_compress", "log_retain_days", "out_file", "error_file", "merge_logs", "log_format", "listen");

    private final JsonNode body;
    private final List<ApiError.FieldProblem> problems = new ArrayList<>();

    private StartRequest(JsonNode body) {
        this.body = body;
    }

    /** Parses {@code json}; relative {@code cwd} values resolve against {@code baseDir}. */
    static WireTypes.StartArgs parse(String json, Path baseDir) {
        JsonNode body = HttpJson.readObject(json, "{\"name\":\"api\",\"script\":\"server.js\"}");
        return new StartRequest(body).toArgs(baseDir);
    }

    private WireTypes.StartArgs toArgs(Path baseDir) {
        body.fieldNames().forEachRemaining(f -> {
            if (!KNOWN.contains(f)) {
                problem(f, "unknown field");
            }
        });
        String name = string("name", true);
        String script = string("script", true);
        String cwd = string("cwd", false);
        String interpreter = string("interpreter", false);
        List<String> args = strings("args");
        Map<String, String> env = env();
        Long killTimeout = number("kill_timeout_ms", 100, Long.MAX_VALUE);
        Map<String, Object> orchestration = orchestration();
        Map<String, Object> logFiles = logFiles();
        List<String> listen = listen();
        JsonNode mode = body.get("autorestart");
        Boolean autorestart = mode != null && mode.isTextual() ? Boolean.valueOf(!mode.asText().equalsIgnoreCase("never"))
                : bool("autorestart");
        Long watchdog = number("watchdog_ms", 1, Integer.MAX_VALUE);
        Long maxRestarts = number("max_restarts", -1, Integer.MAX_VALUE);
        Long minUptime = number("min_uptime_ms", 0, Long.MAX_VALUE);
        Long restartDelay = number("restart_delay_ms", 0, Long.MAX_VALUE);
        Boolean expBackoff = bool("exp_backoff");
        Long maxMemory = number("max_memory_restart", 0, Long.MAX_VALUE);
        Boolean watch = bool("watch");
        Long watchDelay = number("watch_delay_ms", 0, Long.MAX_VALUE);
        String watchPaths = string("watch_paths", false);
        String watchIgnore = string("watch_ignore", false);
        String cron = string("cron_restart", false);
        Boolean waitReady = bool("wait_ready");
        Long listenTimeout = number("listen_timeout_ms", 0, Long.MAX_VALUE);
        Boolean shutdownWithMessage = bool("shutdown_with_message");
        Long instances = number("instances", 1, 1024);
        if (name != null && !name.isBlank() && !name.matches("[A-Za-z0-9._-]{1,64}")) {
            problem("name", "must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        if (!problems.isEmpty()) {
            String summary = problems.stream().map(p -> p.field() + ": " + p.message()).reduce((a, b) -> a + "; " + b)
                    .orElse("");
            throw new ApiError(422, "invalid body: " + summary, problems);
        }
        String dir = baseDir.resolve(cwd == null || cwd.isBlank() ? "." : cwd).toAbsolutePath().normalize().toString();
        return WireTypes.StartArgs.builder(name, script).args(args).cwd(dir).interpreter(interpreter).env(env)
                .autorestart(autorestart).maxRestarts(intOrNull(maxRestarts)).minUptimeMs(minUptime)
                .restartDelayMs(restartDelay).expBackoff(expBackoff).killTimeoutMs(killTimeout).waitReady(waitReady)
                .listenTimeoutMs(listenTimeout).shutdownWithMessage(shutdownWithMessage).maxMemoryRestart(maxMemory)
                .cronRestart(cron).watch(watch).watchPaths(split(watchPaths)).watchIgnore(split(watchIgnore))
                .watchDelayMs(watchDelay).instances(intOrNull(instances)).watchdogMs(watchdog)
                .orchestration(orchestration).logFiles(logFiles).listen(listen).build();
    }

    /**
     * The issue 21 log file keys, named as in velos.toml, each checked by the daemon's parser
     * ({@link LogFileSettings}); each problem is a 422 field problem.
     */
    private Map<String, Object> logFiles() {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (String key : LogFileSettings.KEYS) {
            JsonNode n = body.get(key);
            if (n != null && !n.isNull()) {
                Object value = HttpJson.MAPPER.convertValue(n, Object.class);
                try {
                    LogFileSettings.parse(Map.of(key, value), null, null);
                    plain.put(key, value);
                } catch (VelosException e) {
                    problem(key, e.getMessage());
                }
            }
        }
        return plain;
    }

    /** {@code listen} (issue 20): the addresses the daemon holds for the app, each checked by {@link ListenAddress}. */
    private List<String> listen() {
        List<String> addresses = strings("listen");
        if (addresses == null) {
            return null;
        }
        for (String address : addresses) {
            try {
                ListenAddress.parse(address);
            } catch (VelosException e) {
                problem("listen", e.getMessage());
            }
        }
        return addresses;
    }

    /**
     * The issue 19 keys, named as in velos.toml ({@code depends_on}, {@code readiness}...; durations
     * in ms or "5s"), checked by the daemon's parser; each problem is a 422 field problem. A
     * {@code stop_signal} name is checked by the daemon.
     */
    private Map<String, Object> orchestration() {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (String key : OrchestrationSettings.KEYS) {
            JsonNode n = body.get(key);
            if (n != null && !n.isNull() && !(key.equals("autorestart") && n.isBoolean())) {
                plain.put(key, HttpJson.MAPPER.convertValue(n, Object.class));
            }
        }
        OrchestrationSettings.parse(plain, signal -> ExitCodePolicy.SIGTERM,
                (path, message) -> problem(String.join(".", path), message));
        return plain;
    }

    private String string(String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                problem(field, "required");
            }
            return null;
        }
        if (!n.isTextual()) {
            problem(field, "must be a string");
            return null;
        }
        if (required && n.asText().isBlank()) {
            problem(field, "must not be empty");
        }
        return n.asText();
    }

    private Long number(String field, long min, long max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            problem(field, "must be an integer");
            return null;
        }
        long v = n.asLong();
        if (v < min || v > max) {
            problem(field, "must be between " + min + " and " + max + ", got " + v);
            return null;
        }
        return v;
    }

    private Boolean bool(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            problem(field, "must be true or false");
            return null;
        }
        return n.asBoolean();
    }

    private List<String> strings(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (!n.isArray()) {
            problem(field, "must be an array of strings");
            return null;
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                problem(field, "must be an array of strings");
                return null;
            }
            out.add(e.asText());
        }
        return out;
    }

    private Map<String, String> env() {
        JsonNode n = body.get("env");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            problem("env", "must be an object of strings");
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isTextual()) {
                problem("env." + e.getKey(), "must be a string");
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    private void problem(String field, String message) {
        problems.add(new ApiError.FieldProblem(field, message));
    }

    /** {@code a;b;c} → [a, b, c]; REFERENCE §11.3 sends lists as one {@code ;}-separated string. */
    private static List<String> split(String s) {
        return s == null || s.isBlank() ? null : Arrays.stream(s.split(";")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static Integer intOrNull(Long v) {
        return v == null ? null : Math.toIntExact(v);
    }
}
