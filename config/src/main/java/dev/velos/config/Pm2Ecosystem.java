// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.velos.model.VelosException;

/**
 * A PM2 ecosystem file ({@code module.exports = { apps: [...] }}, its JSON or YAML form, a bare
 * array of apps or one app object) rewritten in velos keys. Every PM2 key with a velos meaning is
 * mapped; one without is kept as a note with its line ({@link Translation.Dropped}). velos's own
 * keys ({@code depends_on}, {@code readiness}, {@code listen}...) are accepted as they are, so an
 * ecosystem file can use them too.
 */
final class Pm2Ecosystem {
    /** PM2 keys that velos honours without a setting of its own: nothing to map, nothing lost. */
    private static final Set<String> HONOURED = Set.of("time", "vizion", "exec_mode");
    /** PM2 keys with a velos equivalent under the same name and the same meaning. */
    private static final List<String> SAME = List.of("autorestart", "max_restarts", "min_uptime", "restart_delay",
            "kill_timeout", "listen_timeout", "wait_ready", "shutdown_with_message", "cron_restart", "watch_delay",
            "max_memory_restart", "out_file", "error_file", "cwd");
    private static final Map<String, String> ALIASES = Map.of("output", "out_file", "out", "out_file", "error", "error_file",
            "err", "error_file", "err_file", "error_file", "exec_interpreter", "interpreter", "cron", "cron_restart");

    private final Translation out;
    private final ToIntFunction<List<String>> lineOf;
    private final Path dir;

    private Pm2Ecosystem(Translation out, ToIntFunction<List<String>> lineOf) {
        this.out = out;
        this.lineOf = lineOf;
        this.dir = out.file().toAbsolutePath().normalize().getParent();
    }

    /** {@code root} (the evaluated or parsed file) in velos keys; {@code lineOf} places a path of {@code root}. */
    static Translation translate(Path file, JsonNode root, ToIntFunction<List<String>> lineOf) {
        Pm2Ecosystem reader = new Pm2Ecosystem(new Translation(ConfigFormat.PM2, file), lineOf);
        reader.readRoot(root);
        reader.out.throwIfErrors();
        return reader.out;
    }

    private void readRoot(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            out.error(0, "the file exports nothing (expected module.exports = { apps: [ ... ] })");
            return;
        }
        if (root.isArray()) {
            readApps(root, List.of());
            return;
        }
        if (!root.isObject()) {
            out.error(0, "expected an object with an apps array, got " + describe(root));
            return;
        }
        if (!root.has("apps") && root.has("script")) {
            readApp(root, List.of());
            return;
        }
        for (var e : root.properties()) {
            if (e.getKey().equals("apps")) {
                JsonNode apps = e.getValue();
                if (apps.isObject()) {
                    readApp(apps, List.of("apps"));
                } else {
                    readApps(apps, List.of("apps"));
                }
            } else {
                out.drop(e.getKey(), line(List.of(e.getKey())), e.getKey().equals("deploy")
                        ? "velos does not deploy code (PM2's deploy section); use your deploy tool, then velos apply"
                        : "not a PM2 ecosystem section velos knows");
            }
        }
    }

    private void readApps(JsonNode apps, List<String> at) {
        if (!apps.isArray()) {
            out.error(line(at), "apps must be an array of app objects, got " + describe(apps));
            return;
        }
        for (int i = 0; i < apps.size(); i++) {
            List<String> p = new ArrayList<>(at);
            p.add(String.valueOf(i));
            if (apps.get(i).isObject()) {
                readApp(apps.get(i), p);
            } else {
                out.error(line(p), "each app must be an object with at least a script, got " + describe(apps.get(i)));
            }
        }
    }

    private void readApp(JsonNode app, List<String> at) {
        String script = app.path("script").isTextual() ? app.path("script").textValue() : "";
        String name = app.path("name").isTextual() && !app.path("name").textValue().isBlank() ? app.path("name").textValue()
                : defaultName(script);
        int appLine = line(at);
        if (out.hasApp(name)) {
            out.error(appLine, "two apps are named '" + name + "'");
            return;
        }
        Translation.App t = out.app(name, appLine);
        Map<String, Integer> lines = new LinkedHashMap<>();
        app.fieldNames().forEachRemaining(k -> lines.put(k, line(child(at, k))));
        Command command = new Command();
        for (var e : app.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            int line = lines.get(key);
            String velosKey = ALIASES.getOrDefault(key, key);
            switch (velosKey) {
                case "name" -> { }
                case "script" -> command.script = v.isTextual() ? v.textValue() : null;
                case "args" -> command.args = words(v, t, key, line);
                case "interpreter" -> command.interpreter = v.isTextual() ? v.textValue().strip() : null;
                case "interpreter_args", "node_args" -> command.interpreterArgs.addAll(words(v, t, key, line));
                case "instances" -> instances(t, v, line);
                case "env" -> env(t, "env", v, child(at, key));
                case "watch" -> t.put("watch", v.isTextual() ? array(v) : v, line);
                case "ignore_watch" -> t.put("watch_ignore", v.isTextual() ? array(v) : v, line);
                case "exp_backoff_restart_delay" -> backoff(t, v, app, line);
                case "stop_exit_codes" -> t.put("stop_exit_codes", v.isNumber() ? array(v) : v, line);
                case "max_memory_restart" -> t.put(velosKey, v.isTextual() ? text(memory(v.textValue())) : v, line);
                case "log_type" -> {
                    if (v.asText().equalsIgnoreCase("json")) {
                        t.put("log_format", "json", line);
                    }
                }
                case "instance_var" -> {
                    if (!v.asText().equals("NODE_APP_INSTANCE")) {
                        t.drop(key, line, "velos sets the instance index in NODE_APP_INSTANCE and VELOS_INSTANCE_ID");
                    }
                }
                case "merge_logs", "combine_logs" -> t.drop(key, line, "in velos each instance writes its own"
                        + " <name>:<N>-out.log; velos's merge_logs (both streams in one file) is another setting");
                case "log_file", "log" -> t.drop(key, line, "velos keeps stdout and stderr apart (out_file, error_file)"
                        + " and can merge them with merge_logs = true; there is no third combined file");
                case "log_date_format" -> t.drop(key, line, "velos prefixes every log line with an ISO-8601 UTC"
                        + " timestamp with milliseconds; the format is fixed");
                case "autostart" -> t.drop(key, line, "velos starts every app of the file; use --only to start some");
                case "treekill" -> {
                    if (v.asBoolean(true)) {
                        continue;
                    }
                    t.drop(key, line, "velos always signals the app's whole process group");
                }
                default -> {
                    if (AppReader.isProfileKey(key)) {
                        env(t, key, v, child(at, key));
                    } else if (SAME.contains(velosKey) || AppReader.KEYS.contains(velosKey)) {
                        t.put(velosKey, v, line);
                    } else if (!HONOURED.contains(key)) {
                        t.drop(key, line, "PM2's " + key + " has no velos equivalent");
                    }
                }
            }
            if (key.equals("exec_mode") && v.asText().toLowerCase(Locale.ROOT).startsWith("cluster")) {
                t.drop(key, line, "velos runs each instance as its own process (no Node cluster module); to share"
                        + " a port between instances, give the app listen = [\"tcp://0.0.0.0:PORT\"] and serve on fd 3");
            }
        }
        command.write(t, lines);
    }

    /** The program, its interpreter and their arguments, written as velos's script, interpreter and args. */
    private final class Command {
        String script;
        String interpreter;
        List<String> args = List.of();
        final List<String> interpreterArgs = new ArrayList<>();

        void write(Translation.App t, Map<String, Integer> lines) {
            int scriptLine = lines.getOrDefault("script", 0);
            if (script == null) {
                return; // the validator reports "script is required" at the app's line
            }
            List<String> programArgs = new ArrayList<>();
            String program = script;
            if (CommandWords.isCommandLine(script) && !exists(script, t)) {
                // PM2 runs "python3 -m http.server" as a command: the first word is the program.
                try {
                    List<String> words = CommandWords.split(script);
                    program = words.getFirst();
                    programArgs.addAll(words.subList(1, words.size()));
                } catch (VelosException e) {
                    out.error(scriptLine, "app '" + t.name() + "': script: " + e.getMessage());
                }
            }
            programArgs.addAll(args);
            List<String> interpreterWords = new ArrayList<>();
            if (interpreter != null && !interpreter.isEmpty() && !interpreter.equals("none")) {
                interpreterWords.addAll(CommandWords.split(interpreter));
            }
            if (interpreterWords.isEmpty() && !interpreterArgs.isEmpty()) {
                interpreterWords.add("node"); // node_args / interpreter_args without an interpreter: PM2 means node
            }
            int line = lines.getOrDefault("interpreter", lines.getOrDefault("interpreter_args",
                    lines.getOrDefault("node_args", scriptLine)));
            if (interpreterWords.size() > 1 || !interpreterArgs.isEmpty()) {
                // velos's interpreter is one program; its arguments go before the script.
                List<String> all = new ArrayList<>(interpreterWords.subList(1, interpreterWords.size()));
                all.addAll(interpreterArgs);
                all.add(program);
                all.addAll(programArgs);
                t.put("script", interpreterWords.getFirst(), line);
                t.put("args", all, lines.getOrDefault("args", line));
                return;
            }
            t.put("script", program, scriptLine);
            if (!interpreterWords.isEmpty()) {
                t.put("interpreter", interpreterWords.getFirst(), line);
            }
            if (!programArgs.isEmpty()) {
                t.put("args", programArgs, lines.getOrDefault("args", scriptLine));
            }
        }
    }

    private boolean exists(String script, Translation.App t) {
        try {
            Path cwd = t.has("cwd") && t.get("cwd").isTextual() ? dir.resolve(t.get("cwd").textValue()) : dir;
            return Files.exists(cwd.resolve(script));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private void instances(Translation.App t, JsonNode v, int line) {
        long n = v.isNumber() ? v.longValue() : v.isTextual() && v.textValue().strip().matches("-?\\d+")
                ? Long.parseLong(v.textValue().strip()) : Long.MIN_VALUE;
        if (v.isTextual() && v.textValue().strip().equalsIgnoreCase("max") || n == 0) {
            t.put("instances", "max", line);
        } else if (n == -1) {
            // PM2: -1 is one fewer than the CPU count.
            t.put("instances", Math.max(1, Runtime.getRuntime().availableProcessors() - 1), line);
        } else if (n != Long.MIN_VALUE) {
            t.put("instances", n, line);
        } else {
            t.put("instances", v, line); // the validator explains what is wrong with it
        }
    }

    /** PM2's exp_backoff_restart_delay is the first delay in ms; velos doubles restart_delay from there. */
    private void backoff(Translation.App t, JsonNode v, JsonNode app, int line) {
        if (v.isBoolean()) {
            t.put("exp_backoff_restart_delay", v, line);
            return;
        }
        t.put("exp_backoff_restart_delay", true, line);
        if (!app.has("restart_delay") && v.isNumber() && v.longValue() > 0) {
            t.put("restart_delay", v, line);
        }
    }

    private void env(Translation.App t, String table, JsonNode v, List<String> at) {
        if (!v.isObject()) {
            t.put(table, v, line(at)); // the validator reports the wrong shape
            return;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (var e : v.properties()) {
            if (e.getValue().isNull()) {
                continue;
            }
            vars.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            lines.put(e.getKey(), line(child(at, e.getKey())));
        }
        t.env(table, vars, lines);
    }

    private List<String> words(JsonNode v, Translation.App t, String key, int line) {
        if (v.isArray()) {
            List<String> words = new ArrayList<>();
            v.forEach(w -> words.add(w.asText()));
            return words;
        }
        try {
            return CommandWords.split(v.asText());
        } catch (VelosException e) {
            out.error(line, "app '" + t.name() + "': " + key + ": " + e.getMessage());
            return List.of();
        }
    }

    /** PM2 also accepts "300MB"; velos's sizes are K, M or G. */
    private static String memory(String text) {
        String t = text.strip();
        return t.matches("(?i)\\d+\\s*[KMG]B") ? t.substring(0, t.length() - 1).replace(" ", "") : t;
    }

    private int line(List<String> path) {
        return lineOf.applyAsInt(path);
    }

    private static List<String> child(List<String> at, String key) {
        List<String> p = new ArrayList<>(at);
        p.add(key);
        return p;
    }

    private static JsonNode array(JsonNode v) {
        return JsonNodeFactory.instance.arrayNode().add(v);
    }

    private static JsonNode text(String v) {
        return JsonNodeFactory.instance.textNode(v);
    }

    /** PM2's default name: the script's file name without its extension. */
    static String defaultName(String script) {
        String first = script.strip().split("\\s+")[0];
        String file = first.substring(first.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        return stem.isEmpty() ? "app" : stem;
    }

    private static String describe(JsonNode v) {
        return TomlTable.describe(v);
    }
}
