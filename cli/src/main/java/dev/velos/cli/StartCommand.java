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

    @Option(names = "--config", paramLabel = "<file>", descriptionKey = "config")
    Path config;

    @Mixin
    ConfigFileOptions configFile = new ConfigFileOptions();

    @Parameters(index = "1..*", paramLabel = "<args>", descriptionKey = "args")
    List<String> args = new ArrayList<>();

    @Option(names = {"-n", "--name"}, paramLabel = "<name>", descriptionKey = "name")
    String name;

    @Option(names = "--cwd", paramLabel = "<dir>", descriptionKey = "cwd")
    Path cwd;

    @Option(names = "--interpreter", paramLabel = "<program>", descriptionKey = "interpreter")
    String interpreter;

    /** PM2's --interpreter-args / --node-args: arguments of the interpreter, before the script. */
    @Option(names = {"--interpreter-args", "--node-args"}, paramLabel = "<args>", descriptionKey = "interpreter-args")
    String interpreterArgs;

    @Option(names = "--max-restarts", paramLabel = "<n>", descriptionKey = "max-restarts")
    Integer maxRestarts;

    @Option(names = "--no-autorestart", descriptionKey = "no-autorestart")
    boolean noAutorestart;

    @Option(names = "--kill-timeout", paramLabel = "<duration>", descriptionKey = "kill-timeout")
    String killTimeout;

    @Option(names = "--restart-delay", paramLabel = "<duration>", descriptionKey = "restart-delay")
    String restartDelay;

    @Option(names = "--min-uptime", paramLabel = "<duration>", descriptionKey = "min-uptime")
    String minUptime;

    @Option(names = "--exp-backoff", descriptionKey = "exp-backoff")
    boolean expBackoff;

    @Option(names = "--env-var", paramLabel = "<KEY=VALUE>", descriptionKey = "env-var")
    Map<String, String> envVars = new LinkedHashMap<>();

    @Option(names = {"-i", "--instances"}, paramLabel = "<N|max>", descriptionKey = "instances")
    String instances;

    @Option(names = "--wait-ready", descriptionKey = "wait-ready")
    boolean waitReady;

    @Option(names = "--listen-timeout", paramLabel = "<duration>", descriptionKey = "listen-timeout")
    String listenTimeout;

    @Option(names = "--watchdog", paramLabel = "<duration>", descriptionKey = "watchdog")
    String watchdog;

    @Option(names = "--shutdown-with-message", descriptionKey = "shutdown-with-message")
    boolean shutdownWithMessage;

    @Option(names = {"--max-memory", "--max-memory-restart"}, paramLabel = "<size>", descriptionKey = "max-memory")
    String maxMemory;

    @Option(names = "--cron-restart", paramLabel = "<expr>", descriptionKey = "cron-restart")
    String cronRestart;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "", paramLabel = "<paths>", descriptionKey = "watch")
    String watch;

    @Option(names = {"--watch-ignore", "--ignore-watch"}, paramLabel = "<glob>", descriptionKey = "watch-ignore")
    List<String> watchIgnore = new ArrayList<>();

    @Option(names = "--watch-delay", paramLabel = "<duration>", descriptionKey = "watch-delay")
    String watchDelay;

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
            return startConfig(config);
        }
        if (script == null) {
            throw new ParameterException(spec.commandLine(), "a script is required (or a config file: velos start"
                    + " ecosystem.config.js, velos start --config velos.toml)");
        }
        CliContext context = context();
        Path asFile = context.cwd().resolve(script);
        if (args.isEmpty() && dev.velos.config.ConfigFormat.looksLikeConfig(asFile) && Files.isRegularFile(asFile)) {
            return startConfig(Path.of(script)); // velos start ecosystem.config.js, as PM2 users do
        }
        KnownAppStart known = new KnownAppStart(context, out(), err(), json);
        if (KnownAppStart.mayName(script) && onlyTheWord()) {
            java.util.Optional<Integer> started = known.startIfRunning(callTimeout(), script);
            if (started.isPresent()) {
                return started.get();
            }
        }
        validateFlags();
        Path dir = workingDirectory(context);
        splitCommandLine(dir);
        name = Scripts.processName(name, script);
        // The PATH the app will see: its own, else the one it inherits from this shell.
        String path = envVars.getOrDefault("PATH", context.env().get("PATH"));
        try {
            Scripts.requireExists(script, dir, interpreter != null || interpreterArgs != null, path);
        } catch (CliException notFound) {
            throw known.notFound(script, notFound);
        }
        interpreterBeforeScript();

        try (VelosClient client = connect()) {
            List<ProcessView> started = client.start(StartArgs.builder(name, script).args(List.copyOf(args))
                    .cwd(dir.toString()).interpreter(interpreter).env(new LinkedHashMap<>(envVars))
                    .autorestart(noAutorestart ? Boolean.FALSE : null).maxRestarts(maxRestarts)
                    .minUptimeMs(millis("--min-uptime", minUptime)).restartDelayMs(millis("--restart-delay", restartDelay))
                    .expBackoff(expBackoff ? Boolean.TRUE : null).killTimeoutMs(millis("--kill-timeout", killTimeout))
                    .logMaxSize(logMaxBytes()).logRetainCount(logRetainCount).waitReady(waitReady ? Boolean.TRUE : null)
                    .listenTimeoutMs(millis("--listen-timeout", listenTimeout))
                    .shutdownWithMessage(shutdownWithMessage ? Boolean.TRUE : null).maxMemoryRestart(maxMemoryBytes())
                    .cronRestart(cronRestart).watch(watch == null ? null : Boolean.TRUE).watchPaths(watchPaths())
                    .watchIgnore(List.copyOf(watchIgnore)).watchDelayMs(millis("--watch-delay", watchDelay))
                    .instances(instanceCount()).watchdogMs(millis("--watchdog", watchdog))
                    .orchestration(orchestration.settings(() -> spec.commandLine()))
                    .logFiles(logFiles.logFiles(() -> spec.commandLine()))
                    .listen(logFiles.listen(() -> spec.commandLine()))
                    // This shell's environment, which the daemon passes on minus velos's own variables (DESIGN "App environment").
                    .clientEnv(context.env()).build());
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

    /**
     * A config file ({@code --config}, or the file itself as the script): {@code velos apply} without
     * prune, so an app that is unchanged keeps its process, a changed one restarts, a new one starts
     * (issue 18: no more delete-and-recreate). {@code --no-autorestart} and {@code --max-restarts} apply to all.
     */
    private int startConfig(Path file) {
        ApplyRun run = new ApplyRun(this, file, configFile);
        return run.run(new dev.velos.config.ConfigApply.Options(false, false, dev.velos.config.ConfigApply.Mode.RESTART,
                java.util.Optional.of(context().env()), noAutorestart ? Boolean.FALSE : null, maxRestarts), false);
    }

    /**
     * {@code velos start "python3 -m http.server 8000"}: a quoted command line that is not a file
     * runs as a command (the first word is the program, found on PATH), as PM2 does.
     */
    private void splitCommandLine(Path dir) {
        if (!dev.velos.config.CommandWords.isCommandLine(script) || Files.exists(dir.resolve(script))) {
            return;
        }
        List<String> words;
        try {
            words = dev.velos.config.CommandWords.split(script);
        } catch (VelosException e) {
            throw usage(e.getMessage());
        }
        if (name == null) {
            name = Scripts.processName(null, words.getFirst());
        }
        List<String> all = new ArrayList<>(words.subList(1, words.size()));
        all.addAll(args);
        script = words.getFirst();
        args = all;
    }

    /**
     * {@code --interpreter "node --max-old-space-size=64"} and {@code --interpreter-args}: velos
     * runs one interpreter program, so one with arguments starts as the program, its arguments,
     * then the script and the script's arguments ({@code node --max-old-space-size=64 app.js ...}).
     */
    private void interpreterBeforeScript() {
        List<String> words = new ArrayList<>();
        List<String> extra;
        try {
            if (interpreter != null) {
                words.addAll(dev.velos.config.CommandWords.split(interpreter));
            }
            extra = interpreterArgs == null ? List.of() : dev.velos.config.CommandWords.split(interpreterArgs);
        } catch (VelosException e) {
            throw usage(e.getMessage());
        }
        if (words.isEmpty() && !extra.isEmpty()) {
            words.add("node"); // PM2's --node-args without --interpreter
        }
        if (words.size() <= 1 && extra.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(words.subList(1, words.size()));
        all.addAll(extra);
        all.add(script);
        all.addAll(args);
        script = words.getFirst();
        args = all;
        interpreter = null;
    }

    /** A usage error; on the fast path (no picocli model to explain it) the same words, exit 2. */
    private RuntimeException usage(String message) {
        return spec == null ? new CliException(message, "Run 'velos start --help' for usage.", ExitCode.USAGE, null)
                : new ParameterException(spec.commandLine(), message);
    }

    /** A duration option ({@code 500ms}, {@code 5s}, {@code 2m}, or bare milliseconds) in ms, or null when absent. */
    private Long millis(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return dev.velos.config.Durations.parseMillis(value);
        } catch (VelosException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
        }
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
        Long watchdogMs = millis("--watchdog", watchdog);
        Long listenTimeoutMs = millis("--listen-timeout", listenTimeout);
        millis("--kill-timeout", killTimeout);
        millis("--restart-delay", restartDelay);
        millis("--min-uptime", minUptime);
        millis("--watch-delay", watchDelay);
        if (watchdogMs != null && (watchdogMs <= 0 || !waitReady)) {
            throw new ParameterException(spec.commandLine(), "--watchdog needs a positive duration and"
                    + " --wait-ready (the app pings WATCHDOG=1 on NOTIFY_SOCKET)");
        }
        if (listenTimeoutMs != null && listenTimeoutMs <= 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--listen-timeout': " + listenTimeout
                    + " (use a duration above 0, e.g. 10s)");
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
        for (String key : envVars.keySet()) {
            if (key.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--env-var': the variable name before '=' is empty");
            }
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
