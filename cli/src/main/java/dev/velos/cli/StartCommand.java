// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.ipc.WireTypes.StartArgs;
import dev.velos.model.AppNames;
import dev.velos.model.ByteSize;
import dev.velos.model.VelosException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code velos start <script> [options] [-- args...]}: checks the script and the name here, then
 * asks the daemon to start it and prints the result at once. A program that cannot be executed
 * (missing, not executable, bad cwd) is an error right away, because posix_spawn reports it; there
 * is no post-start sleep-and-poll (DESIGN §4 over REFERENCE §8.3): a crash after a successful
 * start shows in {@code velos list} and the logs.
 */
@Command(name = "start")
final class StartCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<script>", descriptionKey = "script")
    String script;

    @Option(names = "--config", paramLabel = "<file.toml>", descriptionKey = "config")
    Path config;

    @Option(names = "--env", paramLabel = "<profile>", descriptionKey = "env-profile")
    String envProfile;

    @Option(names = "--only", paramLabel = "<names>", split = ",", descriptionKey = "only")
    java.util.Set<String> only = new java.util.LinkedHashSet<>();

    @Parameters(index = "1..*", paramLabel = "<args>", descriptionKey = "args")
    List<String> args = new ArrayList<>();

    @Option(names = {"-n", "--name"}, paramLabel = "<name>", descriptionKey = "name")
    String name;

    @Option(names = "--cwd", paramLabel = "<dir>", descriptionKey = "cwd")
    Path cwd;

    @Option(names = "--interpreter", paramLabel = "<program>", descriptionKey = "interpreter")
    String interpreter;

    @Option(names = "--max-restarts", paramLabel = "<n>", descriptionKey = "max-restarts")
    Integer maxRestarts;

    @Option(names = "--no-autorestart", descriptionKey = "no-autorestart")
    boolean noAutorestart;

    @Option(names = "--kill-timeout", paramLabel = "<ms>", descriptionKey = "kill-timeout")
    Long killTimeoutMs;

    @Option(names = "--restart-delay", paramLabel = "<ms>", descriptionKey = "restart-delay")
    Long restartDelayMs;

    @Option(names = "--min-uptime", paramLabel = "<ms>", descriptionKey = "min-uptime")
    Long minUptimeMs;

    @Option(names = "--exp-backoff", descriptionKey = "exp-backoff")
    boolean expBackoff;

    @Option(names = "--env-var", paramLabel = "<KEY=VALUE>", descriptionKey = "env-var")
    Map<String, String> envVars = new LinkedHashMap<>();

    @Option(names = {"-i", "--instances"}, paramLabel = "<N|max>", descriptionKey = "instances")
    String instances;

    @Option(names = "--wait-ready", descriptionKey = "wait-ready")
    boolean waitReady;

    @Option(names = "--listen-timeout", paramLabel = "<ms>", descriptionKey = "listen-timeout")
    Long listenTimeoutMs;

    @Option(names = "--watchdog", paramLabel = "<ms>", descriptionKey = "watchdog")
    Long watchdogMs;

    @Option(names = "--shutdown-with-message", descriptionKey = "shutdown-with-message")
    boolean shutdownWithMessage;

    @Option(names = "--max-memory", paramLabel = "<size>", descriptionKey = "max-memory")
    String maxMemory;

    @Option(names = "--cron-restart", paramLabel = "<expr>", descriptionKey = "cron-restart")
    String cronRestart;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "", paramLabel = "<paths>", descriptionKey = "watch")
    String watch;

    @Option(names = "--watch-ignore", paramLabel = "<glob>", descriptionKey = "watch-ignore")
    List<String> watchIgnore = new ArrayList<>();

    @Option(names = "--watch-delay", paramLabel = "<ms>", descriptionKey = "watch-delay")
    Long watchDelayMs;

    @Option(names = "--log-max-size", paramLabel = "<size>", descriptionKey = "log-max-size")
    String logMaxSize;

    @Option(names = "--log-retain-count", paramLabel = "<n>", descriptionKey = "log-retain-count")
    Integer logRetainCount;

    /** Dependencies, probes, exit codes, jobs, hooks, user and limits (issue 19). */
    @Mixin
    OrchestrationOptions orchestration = new OrchestrationOptions();

    /** Log files and held listening sockets (issues 21 and 20). */
    @Mixin
    LogFileOptions logFiles = new LogFileOptions();

    @Override
    String target() {
        return name;
    }

    @Override
    int execute() {
        if (config != null) {
            return startConfig();
        }
        if (script == null) {
            throw new ParameterException(spec.commandLine(), "a script is required (or --config <file.toml>)");
        }
        CliContext context = context();
        KnownAppStart known = new KnownAppStart(context, out(), err(), json);
        if (KnownAppStart.mayName(script) && onlyTheWord()) {
            java.util.Optional<Integer> started = known.startIfRunning(callTimeout(), script);
            if (started.isPresent()) {
                return started.get();
            }
        }
        validateFlags();
        Path dir = workingDirectory(context);
        name = Scripts.processName(name, script);
        // The PATH the app will see: its own, else the one it inherits from this shell.
        String path = envVars.getOrDefault("PATH", context.env().get("PATH"));
        try {
            Scripts.requireExists(script, dir, interpreter != null, path);
        } catch (CliException notFound) {
            throw known.notFound(script, notFound);
        }

        try (VelosClient client = connect()) {
            List<ProcessView> started = client.start(new StartArgs(name, script, List.copyOf(args), dir.toString(),
                    interpreter, new LinkedHashMap<>(envVars), noAutorestart ? Boolean.FALSE : null, maxRestarts, minUptimeMs, restartDelayMs,
                    expBackoff ? Boolean.TRUE : null, killTimeoutMs, logMaxBytes(), logRetainCount,
                    waitReady ? Boolean.TRUE : null, listenTimeoutMs, shutdownWithMessage ? Boolean.TRUE : null,
                    maxMemoryBytes(), cronRestart, watch == null ? null : Boolean.TRUE, watchPaths(),
                    List.copyOf(watchIgnore), watchDelayMs, instanceCount(), watchdogMs)
                    .withOrchestration(orchestration.settings(() -> spec.commandLine()))
                    .withLogFiles(logFiles.logFiles(() -> spec.commandLine()))
                    .withListen(logFiles.listen(() -> spec.commandLine()))
                    // This shell's environment, which the daemon passes on minus velos's own variables (DESIGN "App environment").
                    .withClientEnv(context.env()));
            if (started.isEmpty()) {
                throw new CliException("the daemon started nothing for '" + name + "'", "Check 'velos list'.");
            }
            ProcessView first = started.getFirst();
            if (json) {
                out().println(Json.compact(Json.object().put("id", first.id()).put("instances", started.size())
                        .put("name", AppNames.baseOf(first.name()))));
            } else if (started.size() > 1) {
                out().println("[velos] Started '" + AppNames.baseOf(first.name()) + "' in cluster mode (" + started.size()
                        + " instances, first id=" + first.id() + ")");
            } else {
                out().println("[velos] Started '" + first.name() + "' (id=" + first.id() + ")");
            }
        }
        return ExitCode.OK;
    }

    /**
     * Whether the command line is the word alone (with {@code --json} at most): then it may name an
     * app velos knows. Any setting or argument describes a new app from a script.
     */
    private boolean onlyTheWord() {
        if (name != null || !args.isEmpty()) {
            return false;
        }
        return spec == null || spec.commandLine().getParseResult().matchedOptions().stream()
                .allMatch(o -> o.longestName().equals("--json"));
    }

    /** {@code --config}: every app of the file; {@code --no-autorestart} and {@code --max-restarts} apply to all. */
    private int startConfig() {
        CliContext context = context();
        Path file = context.cwd().resolve(config).toAbsolutePath().normalize();
        List<ProcessView> started;
        try (VelosClient client = connect()) {
            started = ConfigStart.run(client, context.env(), file, java.util.Optional.ofNullable(envProfile), only,
                    noAutorestart ? Boolean.FALSE : null, maxRestarts);
        }
        for (ProcessView v : started) {
            if (json) {
                out().println(Json.compact(Json.object().put("id", v.id()).put("name", AppNames.baseOf(v.name()))));
            } else {
                out().println("[velos] Started '" + AppNames.baseOf(v.name()) + "' (id=" + v.id() + ")");
            }
        }
        return ExitCode.OK;
    }

    /** {@code -i N} or {@code -i max} (or 0, as in PM2) = the CPU count. */
    private Integer instanceCount() {
        if (instances == null) {
            return null;
        }
        String v = instances.trim();
        if (v.equalsIgnoreCase("max") || v.equals("0")) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 1024) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "invalid instances value '" + instances
                + "': use a number (1-1024) or 'max'");
    }

    /** {@code --watch} alone watches the cwd; {@code --watch src,lib} watches those (comma separated). */
    private List<String> watchPaths() {
        if (watch == null || watch.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(watch.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    private Long maxMemoryBytes() {
        return bytes("--max-memory", maxMemory);
    }

    private Long logMaxBytes() {
        return bytes("--log-max-size", logMaxSize);
    }

    /** A memory-string option (REFERENCE §2.7) in bytes, or null when absent. */
    private Long bytes(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return ByteSize.parse(value);
        } catch (VelosException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
        }
    }

    private void validateFlags() {
        instanceCount();
        logMaxBytes();
        maxMemoryBytes();
        if (watchdogMs != null && (watchdogMs <= 0 || !waitReady)) {
            throw new ParameterException(spec.commandLine(), "--watchdog needs a positive number of milliseconds and"
                    + " --wait-ready (the app pings WATCHDOG=1 on NOTIFY_SOCKET)");
        }
        if (listenTimeoutMs != null && listenTimeoutMs <= 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--listen-timeout': " + listenTimeoutMs
                    + " (use a number of milliseconds above 0)");
        }
        if (logRetainCount != null && (logRetainCount < 0 || logRetainCount > 1000)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--log-retain-count': "
                    + logRetainCount + " (use 0-1000)");
        }
        if (noAutorestart && orchestration.autorestart != null) {
            throw new ParameterException(spec.commandLine(), "--no-autorestart and --autorestart cannot both be given");
        }
        orchestration.settings(() -> spec.commandLine());
        logFiles.logFiles(() -> spec.commandLine());
        logFiles.listen(() -> spec.commandLine());
        nonNegative("--kill-timeout", killTimeoutMs);
        nonNegative("--restart-delay", restartDelayMs);
        nonNegative("--min-uptime", minUptimeMs);
        for (String key : envVars.keySet()) {
            if (key.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--env-var': the variable name before '=' is empty");
            }
        }
    }

    private void nonNegative(String option, Long value) {
        if (value != null && value < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value
                    + " (use a number of milliseconds, 0 or more)");
        }
    }

    private Path workingDirectory(CliContext context) {
        Path dir = cwd == null ? context.cwd() : context.cwd().resolve(cwd).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CliException("working directory '" + dir + "' " + (Files.exists(dir) ? "is not a directory" : "does not exist"),
                    "Pass an existing directory to --cwd.");
        }
        return dir;
    }
}
