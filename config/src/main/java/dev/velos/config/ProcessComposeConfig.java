// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.velos.model.VelosException;

/**
 * A process-compose file ({@code process-compose.yaml}) rewritten in velos keys: each entry of
 * {@code processes:} is an app; {@code command}, {@code working_dir}, {@code environment} (with the
 * top-level {@code environment} beneath it), {@code availability}, {@code depends_on},
 * {@code readiness_probe}, {@code liveness_probe}, {@code shutdown}, {@code replicas} and
 * {@code log_location} are mapped. process-compose runs a command through a shell; velos runs it
 * directly when it is a simple command and through {@code /bin/sh -c} when it uses the shell.
 */
final class ProcessComposeConfig {
    private static final Map<String, String> CONDITIONS = Map.of("process_started", "started", "process_healthy", "healthy",
            "process_completed_successfully", "completed_successfully");
    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 9, "SIGKILL",
            10, "SIGUSR1", 12, "SIGUSR2", 15, "SIGTERM");
    private static final Set<String> QUIET = Set.of("description", "version", "is_strict");

    private final Translation out;
    private final TreeLines lines;

    private ProcessComposeConfig(Translation out, TreeLines lines) {
        this.out = out;
        this.lines = lines;
    }

    static Translation translate(Path file, JsonNode root, TreeLines lines) {
        ProcessComposeConfig reader = new ProcessComposeConfig(new Translation(ConfigFormat.PROCESS_COMPOSE, file), lines);
        reader.readRoot(root);
        reader.out.throwIfErrors();
        return reader.out;
    }

    private void readRoot(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("processes").isObject()) {
            out.error(0, "expected a processes: map (process-compose's format)");
            return;
        }
        Map<String, String> global = new LinkedHashMap<>();
        Map<String, Integer> globalLines = new LinkedHashMap<>();
        for (var e : root.properties()) {
            switch (e.getKey()) {
                case "processes" -> { }
                case "environment" -> environment(e.getValue(), List.of("environment"), global, globalLines);
                default -> {
                    if (!QUIET.contains(e.getKey())) {
                        out.drop(e.getKey(), lines.lineOf(e.getKey()), "process-compose's own setting; velos has none");
                    }
                }
            }
        }
        for (var e : root.get("processes").properties()) {
            List<String> at = List.of("processes", e.getKey());
            if (!e.getValue().isObject()) {
                out.error(lines.lineOf(at), "process " + e.getKey() + " must be a map, got " + TomlTable.describe(e.getValue()));
                continue;
            }
            if (e.getValue().path("disabled").asBoolean(false)) {
                out.drop("disabled", lines.lineOf(child(at, "disabled")), "process " + e.getKey()
                        + " is disabled, so velos does not start it (it is not in the velos config)");
                continue;
            }
            Translation.App app = out.app(e.getKey(), lines.lineOf(at));
            if (!global.isEmpty()) {
                app.env("env", global, globalLines);
            }
            process(app, (ObjectNode) e.getValue(), at);
        }
    }

    private void process(Translation.App t, ObjectNode p, List<String> at) {
        for (var e : p.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            List<String> path = child(at, key);
            int line = lines.lineOf(path);
            switch (key) {
                case "command" -> command(t, v.asText(), line);
                case "working_dir" -> t.put("cwd", v.asText(), line);
                case "environment" -> {
                    Map<String, String> vars = new LinkedHashMap<>();
                    Map<String, Integer> varLines = new LinkedHashMap<>();
                    environment(v, path, vars, varLines);
                    t.env("env", vars, varLines);
                }
                case "availability" -> availability(t, v, path);
                case "depends_on" -> dependsOn(t, v, path);
                case "readiness_probe" -> probe(t, "readiness", v, path);
                case "liveness_probe" -> probe(t, "liveness", v, path);
                case "shutdown" -> shutdown(t, v, path);
                case "replicas" -> t.put("instances", v, line);
                case "log_location" -> {
                    t.put("out_file", v.asText(), line);
                    t.put("merge_logs", true, line);
                }
                case "disabled" -> { }
                default -> {
                    if (!QUIET.contains(key)) {
                        t.drop(key, line, "process-compose's " + key + " has no velos equivalent");
                    }
                }
            }
        }
    }

    /** A simple command runs as it is; one that needs a shell (pipes, $VAR, &&) runs under /bin/sh -c. */
    private void command(Translation.App t, String command, int line) {
        try {
            if (CommandWords.needsShell(command)) {
                t.put("script", "/bin/sh", line).put("args", List.of("-c", command), line);
                return;
            }
            List<String> words = CommandWords.split(command);
            if (words.isEmpty()) {
                out.error(line, "process " + t.name() + ": command must not be empty");
                return;
            }
            t.put("script", words.getFirst(), line);
            if (words.size() > 1) {
                t.put("args", words.subList(1, words.size()), line);
            }
        } catch (VelosException e) {
            out.error(line, "process " + t.name() + ": command: " + e.getMessage());
        }
    }

    /** {@code ["K=V", ...]} (process-compose's form) or a map. */
    private void environment(JsonNode v, List<String> at, Map<String, String> vars, Map<String, Integer> varLines) {
        if (v.isObject()) {
            v.properties().forEach(e -> {
                vars.put(e.getKey(), e.getValue().asText());
                varLines.put(e.getKey(), lines.lineOf(child(at, e.getKey())));
            });
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            String kv = v.get(i).asText();
            int eq = kv.indexOf('=');
            int line = lines.lineOf(child(at, String.valueOf(i)));
            if (eq <= 0) {
                out.error(line, "environment: expected \"KEY=value\", got \"" + kv + "\"");
                continue;
            }
            vars.put(kv.substring(0, eq), kv.substring(eq + 1));
            varLines.put(kv.substring(0, eq), line);
        }
    }

    private void availability(Translation.App t, JsonNode v, List<String> at) {
        for (var e : v.properties()) {
            int line = lines.lineOf(child(at, e.getKey()));
            JsonNode x = e.getValue();
            switch (e.getKey()) {
                case "restart" -> {
                    switch (x.asText()) {
                        case "always" -> t.put("autorestart", true, line);
                        case "on_failure" -> t.put("autorestart", "on-failure", line);
                        case "no" -> t.put("autorestart", false, line);
                        case "exit_on_failure" -> {
                            t.put("autorestart", false, line);
                            t.drop("restart: exit_on_failure", line, "velos never stops the other apps when one fails;"
                                    + " this app is not restarted");
                        }
                        default -> out.error(line, "availability.restart must be always, on_failure, exit_on_failure or no,"
                                + " got " + TomlTable.describe(x));
                    }
                }
                case "backoff_seconds" -> t.put("restart_delay", seconds(x), line);
                case "max_restarts" -> t.put("max_restarts", x, line);
                default -> t.drop("availability." + e.getKey(), line, "no velos equivalent");
            }
        }
    }

    private void dependsOn(Translation.App t, JsonNode v, List<String> at) {
        ObjectNode deps = JsonNodeFactory.instance.objectNode();
        for (var e : v.properties()) {
            int line = lines.lineOf(child(at, e.getKey()));
            String condition = e.getValue().path("condition").asText("process_started");
            String velos = CONDITIONS.get(condition);
            if (velos == null) {
                t.drop("depends_on." + e.getKey(), line, "condition " + condition + " has no velos equivalent (velos waits"
                        + " for started, healthy or completed_successfully)");
                continue;
            }
            deps.put(e.getKey(), velos);
        }
        if (!deps.isEmpty()) {
            t.put("depends_on", deps, lines.lineOf(at));
        }
    }

    private void probe(Translation.App t, String key, JsonNode v, List<String> at) {
        ObjectNode probe = JsonNodeFactory.instance.objectNode();
        for (var e : v.properties()) {
            JsonNode x = e.getValue();
            int line = lines.lineOf(child(at, e.getKey()));
            switch (e.getKey()) {
                case "http_get" -> {
                    String scheme = x.path("scheme").asText("http");
                    String host = x.path("host").asText("127.0.0.1");
                    String path = x.path("path").asText("/");
                    probe.put("http", scheme + "://" + host + (x.has("port") ? ":" + x.get("port").asText() : "")
                            + (path.startsWith("/") ? path : "/" + path));
                }
                case "exec" -> {
                    String command = x.path("command").asText();
                    var array = probe.putArray("exec");
                    array.add("/bin/sh").add("-c").add(command);
                }
                case "initial_delay_seconds" -> probe.put("initial_delay", seconds(x));
                case "period_seconds" -> probe.put("period", seconds(x));
                case "timeout_seconds" -> probe.put("timeout", seconds(x));
                case "success_threshold" -> probe.set("success_threshold", x);
                case "failure_threshold" -> probe.set("failure_threshold", x);
                default -> t.drop(at.getLast() + "." + e.getKey(), line, "no velos equivalent");
            }
        }
        t.put(key, probe, lines.lineOf(at));
    }

    private void shutdown(Translation.App t, JsonNode v, List<String> at) {
        for (var e : v.properties()) {
            JsonNode x = e.getValue();
            int line = lines.lineOf(child(at, e.getKey()));
            switch (e.getKey()) {
                case "signal" -> t.put("stop_signal", x.isNumber() ? SIGNALS.getOrDefault(x.intValue(), x.asText()) : x.asText(),
                        line);
                case "timeout_seconds" -> t.put("kill_timeout", seconds(x), line);
                default -> t.drop("shutdown." + e.getKey(), line, "velos stops an app with a signal (stop_signal) or"
                        + " shutdown_with_message, not a command");
            }
        }
    }

    /** A number of seconds as a velos duration string ({@code "2s"}); anything else as it is, for the validator. */
    private static JsonNode seconds(JsonNode x) {
        if (x.isIntegralNumber()) {
            return JsonNodeFactory.instance.textNode(x.longValue() + "s");
        }
        if (x.isNumber()) {
            return JsonNodeFactory.instance.textNode(Math.round(x.doubleValue() * 1000) + "ms");
        }
        return x;
    }

    private static List<String> child(List<String> at, String key) {
        List<String> p = new ArrayList<>(at);
        p.add(key);
        return p;
    }
}
