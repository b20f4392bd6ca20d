// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;


/**
 * The one owner of the orchestration keys of issue 19 as users write them: in an app's TOML
 * table, in the JSON of {@code POST /api/processes} and MCP's {@code process_start}, and in the
 * {@code orchestration} map of {@code StartArgs} (ipc) (so state.bin keeps them). Values are
 * plain (Map, List, String, Number, Boolean). Durations are whole milliseconds or a string with
 * a unit ({@code "500ms"}, {@code "5s"}, {@code "2m"}, {@code "1h"}).
 *
 * <pre>
 * depends_on = { db = "healthy", migrate = "completed_successfully" }
 * readiness = { http = "http://127.0.0.1:8080/health", period = "1s" }   # or tcp = "host:port", exec = [...]
 * autorestart = "on-failure"          stop_exit_codes = [0, 143]     stop_signal = "SIGINT"
 * cron = "0 3 * * *"                  overlap = "skip"
 * on_crash = ["notify-send", "down"]  on_errored = { webhook = "http://127.0.0.1:9000/hook" }
 * webhook = "http://..."  (every event)   hook_timeout = "10s"
 * user = "nobody"  group = "nogroup"  memory_max = "256M"  cpu_max = "50%"  pids_max = 100
 * start_delay = "2s"
 * </pre>
 */
public final class OrchestrationSettings {
    /** Every key of the map (and of an app's TOML table) this class reads. */
    public static final List<String> KEYS = List.of("depends_on", "readiness", "liveness", "autorestart",
            "stop_exit_codes", "stop_signal", "cron", "overlap", "on_crash", "on_errored", "on_restart", "on_ready",
            "webhook", "hook_timeout", "user", "group", "memory_max", "cpu_max", "pids_max", "start_delay");
    /** Every key of a {@code readiness} or {@code liveness} table. */
    public static final List<String> PROBE_KEYS = List.of("http", "tcp", "exec", "expect_status", "initial_delay",
            "period", "timeout", "failure_threshold", "success_threshold");
    private static final Map<String, HookEvent> HOOK_KEYS = Map.of("on_crash", HookEvent.CRASH,
            "on_errored", HookEvent.ERRORED, "on_restart", HookEvent.RESTART, "on_ready", HookEvent.READY);
    /** Durations stay within an int of milliseconds (about 24 days), as the other duration keys. */
    private static final long MAX_MS = Integer.MAX_VALUE;

    private OrchestrationSettings() {
    }

    /**
     * The settings read from {@code map}.
     *
     * @param orchestration everything but {@code autorestart}
     * @param autorestart   {@code autorestart} when the map has it (a string or a boolean)
     */
    public record Parsed(Orchestration orchestration, Optional<AutoRestart> autorestart) {
        /** {@code spec} with these settings. */
        public AppSpec applyTo(AppSpec spec) {
            AppSpec out = spec.withOrchestration(orchestration);
            return autorestart.isPresent() ? out.withAutorestart(autorestart.get()) : out;
        }
    }

    /**
     * Reads {@code map}; every problem goes to {@code problems} with the key path inside the map
     * ({@code ["readiness", "period"]}) and a message that names it, and what it concerns is left
     * at its default. {@code signals} turns a {@code stop_signal} name or number into a number
     * (and throws {@link VelosException} for an unknown one).
     */
    public static Parsed parse(Map<String, ?> map, ToIntFunction<String> signals, BiConsumer<List<String>, String> problems) {
        Reader r = new Reader(map, List.of(), problems);
        r.rejectUnknown(KEYS);
        Orchestration o = Orchestration.DEFAULT;
        o = o.withDependsOn(r.dependsOn());
        o = o.withReadiness(r.probe("readiness"));
        o = o.withLiveness(r.probe("liveness"));
        Optional<AutoRestart> autorestart = r.get("autorestart").flatMap(v -> r.guard("autorestart",
                () -> AutoRestart.parse(String.valueOf(v))));
        ExitCodePolicy exit = ExitCodePolicy.DEFAULT;
        Set<Integer> codes = r.ints("stop_exit_codes");
        exit = r.guard("stop_exit_codes", exit, e -> e.withStopExitCodes(codes));
        Optional<Object> signal = r.get("stop_signal");
        if (signal.isPresent()) {
            exit = r.guard("stop_signal", exit, e -> e.withStopSignal(signals.applyAsInt(String.valueOf(signal.get()))));
        }
        o = o.withExitCodes(exit);
        String cron = r.string("cron").orElse("");
        Overlap overlap = r.string("overlap").flatMap(s -> r.guard("overlap", () -> Overlap.parse(s))).orElse(Overlap.SKIP);
        if (r.get("overlap").isPresent() && cron.isEmpty()) {
            r.problem("overlap", "overlap needs cron (it says what a scheduled run does while the last one still runs)");
        }
        o = o.withSchedule(new JobSchedule(cron, overlap));
        o = o.withHooks(r.hooks());
        String user = r.string("user").orElse("");
        String group = r.string("group").orElse("");
        o = o.withRunAs(r.guard("user", () -> new RunAs(user, group)).orElse(RunAs.SUPERVISOR));
        o = o.withLimits(r.limits());
        o = o.withStartDelay(r.duration("start_delay").orElse(Duration.ZERO));
        return new Parsed(o, autorestart);
    }

    /** {@link #parse} that throws the first problem as {@code INVALID_ARGUMENT} ({@code "readiness.period: ..."}). */
    public static Parsed parseOrThrow(Map<String, ?> map, ToIntFunction<String> signals) {
        List<String> found = new ArrayList<>();
        Parsed parsed = parse(map, signals, (path, message) -> found.add(message));
        if (!found.isEmpty()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, String.join("; ", found));
        }
        return parsed;
    }

    /**
     * The settings of {@code spec} that differ from the defaults, in the shape {@link #parse}
     * reads (durations in milliseconds), so {@code parse(render(s))} gives them back.
     * {@code signalName} names a stop signal number.
     */
    public static Map<String, Object> render(AppSpec spec, IntFunction<String> signalName) {
        Orchestration o = spec.orchestration();
        if (o.equals(Orchestration.DEFAULT)) {
            return Map.of(); // most apps: list views of thousands of them allocate nothing here
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!o.dependsOn().isEmpty()) {
            Map<String, Object> deps = new LinkedHashMap<>();
            o.dependsOn().forEach((name, c) -> deps.put(name, c.wireName()));
            out.put("depends_on", deps);
        }
        if (o.readiness().isEnabled()) {
            out.put("readiness", probe(o.readiness()));
        }
        if (o.liveness().isEnabled()) {
            out.put("liveness", probe(o.liveness()));
        }
        if (spec.autorestartMode() == AutoRestart.ON_FAILURE) {
            out.put("autorestart", AutoRestart.ON_FAILURE.wireName());
        }
        if (!o.exitCodes().stopExitCodes().isEmpty()) {
            out.put("stop_exit_codes", o.exitCodes().stopExitCodes().stream().sorted().map(Long::valueOf).toList());
        }
        if (o.exitCodes().stopSignal() != ExitCodePolicy.SIGTERM) {
            out.put("stop_signal", signalName.apply(o.exitCodes().stopSignal()));
        }
        if (o.schedule().isScheduled()) {
            out.put("cron", o.schedule().cron());
            out.put("overlap", o.schedule().overlap().wireName());
        }
        Hooks hooks = o.hooks();
        HOOK_KEYS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Hook own = hooks.at(e.getValue()).stream().filter(h -> h != hooks.webhook()).findFirst().orElse(Hook.NONE);
            hook(own).ifPresent(v -> out.put(e.getKey(), v));
        });
        if (hooks.webhook() instanceof Hook.Webhook w) {
            out.put("webhook", w.url().toString());
        }
        if (hooks.any() && !hooks.timeout().equals(Hooks.NONE.timeout())) {
            out.put("hook_timeout", hooks.timeout().toMillis());
        }
        if (o.runAs().changesUser()) {
            out.put("user", o.runAs().user());
            if (!o.runAs().group().isEmpty()) {
                out.put("group", o.runAs().group());
            }
        }
        ResourceLimits limits = o.limits();
        if (limits.memoryMaxBytes() > 0) {
            out.put("memory_max", limits.memoryMaxBytes());
        }
        if (limits.cpuMaxPercent() > 0) {
            out.put("cpu_max", limits.cpuMaxPercent() + "%");
        }
        if (limits.pidsMax() > 0) {
            out.put("pids_max", limits.pidsMax());
        }
        if (!o.startDelay().isZero()) {
            out.put("start_delay", o.startDelay().toMillis());
        }
        return out;
    }

    private static Map<String, Object> probe(HealthProbe p) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (p.check()) {
            case ProbeCheck.Http h -> {
                out.put("http", h.url().toString());
                if (h.expectStatus() != 0) {
                    out.put("expect_status", (long) h.expectStatus());
                }
            }
            case ProbeCheck.Tcp t -> out.put("tcp", t.describe());
            case ProbeCheck.Exec e -> out.put("exec", e.command());
            case ProbeCheck.None n -> {
            }
        }
        out.put("initial_delay", p.initialDelay().toMillis());
        out.put("period", p.period().toMillis());
        out.put("timeout", p.timeout().toMillis());
        out.put("failure_threshold", (long) p.failureThreshold());
        out.put("success_threshold", (long) p.successThreshold());
        return out;
    }

    private static Optional<Object> hook(Hook hook) {
        return switch (hook) {
            case Hook.Command c -> Optional.of(c.argv());
            case Hook.Webhook w -> Optional.of(Map.of("webhook", w.url().toString()));
            case Hook.None n -> Optional.empty();
        };
    }

    /** Reads one table of plain values, reporting problems with their key path. */
    private static final class Reader {
        private final Map<String, ?> map;
        private final List<String> at;
        private final BiConsumer<List<String>, String> problems;

        Reader(Map<String, ?> map, List<String> at, BiConsumer<List<String>, String> problems) {
            this.map = map;
            this.at = at;
            this.problems = problems;
        }

        void rejectUnknown(List<String> known) {
            for (String key : map.keySet()) {
                if (!known.contains(key)) {
                    problem(key, "unknown key '" + name(key) + "' (known: " + String.join(", ", known) + ")");
                }
            }
        }

        Optional<Object> get(String key) {
            return Optional.ofNullable(map.get(key));
        }

        void problem(String key, String message) {
            List<String> path = new ArrayList<>(at);
            path.add(key);
            problems.accept(List.copyOf(path), message);
        }

        /** {@code key} as the user sees it in a message: {@code readiness.period}. */
        String name(String key) {
            return at.isEmpty() ? key : String.join(".", at) + "." + key;
        }

        <T> Optional<T> guard(String key, java.util.function.Supplier<T> make) {
            try {
                return Optional.of(make.get());
            } catch (VelosException | IllegalArgumentException e) {
                problem(key, name(key) + ": " + e.getMessage());
                return Optional.empty();
            }
        }

        <T> T guard(String key, T fallback, java.util.function.UnaryOperator<T> change) {
            return guard(key, () -> change.apply(fallback)).orElse(fallback);
        }

        Optional<String> string(String key) {
            Optional<Object> v = get(key);
            if (v.isPresent() && !(v.get() instanceof String)) {
                problem(key, name(key) + " must be a string, got " + describe(v.get()));
                return Optional.empty();
            }
            return v.map(String.class::cast);
        }

        Optional<Long> integer(String key, long min, long max) {
            Optional<Object> v = get(key);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            if (!(v.get() instanceof Number n) || n instanceof Double || n instanceof Float
                    || n.longValue() < min || n.longValue() > max) {
                problem(key, name(key) + " must be a whole number " + min + "-" + max + ", got " + describe(v.get()));
                return Optional.empty();
            }
            return Optional.of(n.longValue());
        }

        Optional<Duration> duration(String key) {
            Optional<Object> v = get(key);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            Optional<Long> ms = v.get() instanceof String s ? millis(s) : Optional.empty();
            if (v.get() instanceof Number && !(v.get() instanceof Double)) {
                ms = integer(key, 0, MAX_MS);
                if (ms.isEmpty()) {
                    return Optional.empty();
                }
            }
            if (ms.isEmpty() || ms.get() < 0 || ms.get() > MAX_MS) {
                problem(key, name(key) + " must be milliseconds or a duration such as \"500ms\", \"5s\", \"2m\", got "
                        + describe(v.get()));
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(ms.get()));
        }

        private static Optional<Long> millis(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            long unit;
            String digits;
            if (t.endsWith("ms")) {
                unit = 1;
                digits = t.substring(0, t.length() - 2);
            } else if (t.endsWith("s")) {
                unit = 1000;
                digits = t.substring(0, t.length() - 1);
            } else if (t.endsWith("m")) {
                unit = 60_000;
                digits = t.substring(0, t.length() - 1);
            } else if (t.endsWith("h")) {
                unit = 3_600_000;
                digits = t.substring(0, t.length() - 1);
            } else {
                unit = 1;
                digits = t;
            }
            digits = digits.trim();
            if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(digits) * unit);
        }

        Optional<List<String>> strings(String key) {
            Optional<Object> v = get(key);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            if (!(v.get() instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
                problem(key, name(key) + " must be an array of strings, got " + describe(v.get()));
                return Optional.empty();
            }
            return Optional.of(list.stream().map(String.class::cast).toList());
        }

        Set<Integer> ints(String key) {
            Optional<Object> v = get(key);
            Set<Integer> out = new TreeSet<>();
            if (v.isEmpty()) {
                return out;
            }
            if (!(v.get() instanceof List<?> list)) {
                problem(key, name(key) + " must be an array of exit codes, got " + describe(v.get()));
                return out;
            }
            for (Object item : list) {
                if (!(item instanceof Number n) || n instanceof Double || n.longValue() < 0 || n.longValue() > 255) {
                    problem(key, name(key) + " must hold exit codes 0-255, got " + describe(item));
                    return Set.of();
                }
                out.add(n.intValue());
            }
            return out;
        }

        Optional<Map<String, Object>> table(String key) {
            Optional<Object> v = get(key);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            if (!(v.get() instanceof Map<?, ?> m)) {
                problem(key, name(key) + " must be a table, got " + describe(v.get()));
                return Optional.empty();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), x));
            return Optional.of(out);
        }

        Reader inside(String key, Map<String, Object> table) {
            List<String> path = new ArrayList<>(at);
            path.add(key);
            return new Reader(table, List.copyOf(path), problems);
        }

        Map<String, DependencyCondition> dependsOn() {
            Map<String, DependencyCondition> deps = new LinkedHashMap<>();
            table("depends_on").ifPresent(t -> {
                Reader r = inside("depends_on", t);
                for (String app : t.keySet()) {
                    r.string(app).flatMap(c -> r.guard(app, () -> {
                        dev.velos.model.AppNames.requireValid(app);
                        return DependencyCondition.parse(c);
                    })).ifPresent(c -> deps.put(app, c));
                }
            });
            return deps;
        }

        HealthProbe probe(String key) {
            Optional<Map<String, Object>> table = table(key);
            if (table.isEmpty()) {
                return HealthProbe.NONE;
            }
            Reader r = inside(key, table.get());
            r.rejectUnknown(PROBE_KEYS);
            List<String> kinds = table.get().keySet().stream().filter(k -> List.of("http", "tcp", "exec").contains(k)).toList();
            if (kinds.size() != 1) {
                problem(key, name(key) + " needs exactly one of http, tcp or exec" + (kinds.isEmpty() ? "" : ", got "
                        + String.join(" and ", kinds)));
                return HealthProbe.NONE;
            }
            int expect = r.integer("expect_status", 100, 599).map(Long::intValue).orElse(0);
            Optional<ProbeCheck> check = switch (kinds.getFirst()) {
                case "http" -> r.string("http").flatMap(u -> r.guard("http", () -> {
                    ProbeCheck.Http h = ProbeCheck.Http.of(u);
                    return new ProbeCheck.Http(h.url(), expect);
                }));
                case "tcp" -> r.string("tcp").flatMap(t -> r.guard("tcp", () -> ProbeCheck.Tcp.parse(t)));
                default -> r.strings("exec").flatMap(cmd -> r.guard("exec", () -> new ProbeCheck.Exec(cmd)));
            };
            if (check.isEmpty()) {
                return HealthProbe.NONE;
            }
            HealthProbe d = HealthProbe.NONE; // the default timings
            Duration initialDelay = r.duration("initial_delay").orElse(d.initialDelay());
            Duration period = r.duration("period").orElse(d.period());
            Duration timeout = r.duration("timeout").orElse(d.timeout());
            int failures = r.integer("failure_threshold", 1, 1000).map(Long::intValue).orElse(d.failureThreshold());
            int successes = r.integer("success_threshold", 1, 1000).map(Long::intValue).orElse(d.successThreshold());
            return guard(key, () -> new HealthProbe(check.get(), initialDelay, period, timeout, failures, successes))
                    .orElse(HealthProbe.NONE);
        }

        Hooks hooks() {
            Hooks hooks = Hooks.NONE;
            for (Map.Entry<String, HookEvent> e : HOOK_KEYS.entrySet()) {
                Optional<Hook> hook = hook(e.getKey());
                if (hook.isPresent()) {
                    hooks = hooks.with(e.getValue(), hook.get());
                }
            }
            Optional<String> url = string("webhook");
            if (url.isPresent()) {
                Optional<Hook> w = guard("webhook", () -> Hook.Webhook.of(url.get()));
                if (w.isPresent()) {
                    hooks = hooks.withWebhook(w.get());
                }
            }
            Optional<Duration> timeout = duration("hook_timeout");
            if (timeout.isPresent()) {
                hooks = guard("hook_timeout", hooks, h -> h.withTimeout(timeout.get()));
            }
            return hooks;
        }

        /** A command (an array of strings) or {@code { webhook = "http://..." }}. */
        private Optional<Hook> hook(String key) {
            Optional<Object> v = get(key);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            if (v.get() instanceof List<?>) {
                return strings(key).flatMap(argv -> guard(key, () -> new Hook.Command(argv)));
            }
            if (v.get() instanceof Map<?, ?> m && m.size() == 1 && m.get("webhook") instanceof String url) {
                return guard(key, () -> Hook.Webhook.of(url));
            }
            problem(key, name(key) + " must be a command (an array of strings) or { webhook = \"http://...\" }, got "
                    + describe(v.get()));
            return Optional.empty();
        }

        ResourceLimits limits() {
            long memory = 0;
            Optional<Object> m = get("memory_max");
            if (m.isPresent()) {
                if (m.get() instanceof String s) {
                    memory = guard("memory_max", () -> ByteSize.parse(s)).orElse(0L);
                } else {
                    memory = integer("memory_max", 0, Long.MAX_VALUE).orElse(0L);
                }
            }
            int cpu = 0;
            Optional<Object> c = get("cpu_max");
            if (c.isPresent()) {
                cpu = c.get() instanceof String || c.get() instanceof Number
                        ? guard("cpu_max", () -> ResourceLimits.parseCpuMax(String.valueOf(c.get()))).orElse(0)
                        : 0;
                if (!(c.get() instanceof String || c.get() instanceof Number)) {
                    problem("cpu_max", "cpu_max must be a percentage such as \"50%\", got " + describe(c.get()));
                }
            }
            long pids = integer("pids_max", 0, Integer.MAX_VALUE).orElse(0L);
            long mem = memory;
            int cpuPercent = cpu;
            return guard("memory_max", () -> new ResourceLimits(mem, cpuPercent, pids)).orElse(ResourceLimits.NONE);
        }

        static String describe(Object v) {
            return switch (v) {
                case String s -> "\"" + s + "\"";
                case List<?> l -> "an array";
                case Map<?, ?> m -> "a table";
                case null -> "nothing";
                default -> String.valueOf(v);
            };
        }
    }
}
