// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to run one managed process.
 *
 * @param name        unique process name (see {@link AppNames})
 * @param script      the program: a path (relative to {@code cwd}) or a command found on the app's PATH
 * @param args        arguments after the script
 * @param cwd         working directory; must exist when the process starts
 * @param interpreter explicit interpreter ("" = auto-detect from shebang and extension)
 * @param env         variables added to (and overriding) the supervisor's own environment
 * @param instance    cluster instance index, or {@link #NO_INSTANCE} for a single (fork mode) process
 * @param restart     restart and stop policy
 * @param ready       the ready/shutdown channel
 * @param triggers    what else restarts the process: memory limit, cron schedule
 * @param orchestration its place in a stack: dependencies, probes, exit codes, job schedule, hooks,
 *                    user and limits ({@link Orchestration#DEFAULT}: none of it)
 * @param listen      {@code listen}: the sockets velos holds for the app and passes to it from fd 3
 *                    ({@code LISTEN_FDS}); shared by all instances of a cluster, kept across restarts
 *                    and reloads (empty: none)
 * @param logs        how its output is kept on disk ({@link LogSettings#DEFAULT}: the daemon's defaults)
 */
public record AppSpec(String name, String script, List<String> args, Path cwd, String interpreter,
                      Map<String, String> env, int instance, RestartPolicy restart, ReadyPolicy ready,
                      RestartTriggers triggers, Orchestration orchestration, List<ListenAddress> listen, LogSettings logs) {
    public static final int NO_INSTANCE = -1;

    /** A spec with the default log settings (the shape every caller used before them). */
    public AppSpec(String name, String script, List<String> args, Path cwd, String interpreter, Map<String, String> env,
                   int instance, RestartPolicy restart, ReadyPolicy ready, RestartTriggers triggers, Orchestration orchestration,
                   List<ListenAddress> listen) {
        this(name, script, args, cwd, interpreter, env, instance, restart, ready, triggers, orchestration, listen,
                LogSettings.DEFAULT);
    }

    /** A spec without listening sockets (the shape every caller used before them). */
    public AppSpec(String name, String script, List<String> args, Path cwd, String interpreter, Map<String, String> env,
                   int instance, RestartPolicy restart, ReadyPolicy ready, RestartTriggers triggers, Orchestration orchestration) {
        this(name, script, args, cwd, interpreter, env, instance, restart, ready, triggers, orchestration, List.of());
    }

    /** A spec without orchestration settings (the shape every caller used before them). */
    public AppSpec(String name, String script, List<String> args, Path cwd, String interpreter, Map<String, String> env,
                   int instance, RestartPolicy restart, ReadyPolicy ready, RestartTriggers triggers) {
        this(name, script, args, cwd, interpreter, env, instance, restart, ready, triggers, Orchestration.DEFAULT);
    }

    public AppSpec {
        AppNames.requireValid(name);
        Objects.requireNonNull(script, "script");
        if (script.isBlank()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "process '" + name + "': script must not be empty");
        }
        args = List.copyOf(args);
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(interpreter, "interpreter");
        env = Map.copyOf(env);
        for (String key : env.keySet()) {
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "process '" + name + "': invalid env name '" + key + "'");
            }
        }
        if (instance < NO_INSTANCE) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "instance must be >= 0, got " + instance);
        }
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(triggers, "triggers");
        Objects.requireNonNull(orchestration, "orchestration");
        if (!triggers.cronRestart().isEmpty() && orchestration.schedule().isScheduled()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "process '" + name
                    + "': cron_restart and cron cannot both be set (cron_restart restarts a running app, cron runs a job)");
        }
        if (orchestration.dependsOn().containsKey(name) || orchestration.dependsOn().containsKey(AppNames.baseOf(name))) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "process '" + name + "' cannot depend on itself");
        }
        Objects.requireNonNull(logs, "logs");
        listen = List.copyOf(listen);
        for (int i = 0; i < listen.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (listen.get(i).sameAddress(listen.get(j))) {
                    throw new VelosException(ErrorCode.INVALID_ARGUMENT, "process '" + name + "' lists "
                            + listen.get(i).uri() + " twice in listen");
                }
            }
        }
    }

    /** A spec with defaults: no args, the current directory, auto interpreter, default restart policy. */
    public static AppSpec of(String name, String script, String... args) {
        return builder(name, script).args(List.of(args)).build();
    }

    public static Builder builder(String name, String script) {
        return new Builder(name, script);
    }

    public Builder toBuilder() {
        return new Builder(name, script).args(args).cwd(cwd).interpreter(interpreter).env(env).instance(instance)
                .restart(restart).ready(ready).triggers(triggers).orchestration(orchestration).listen(listen).logs(logs);
    }

    public AppSpec withOrchestration(Orchestration value) {
        return new AppSpec(name, script, args, cwd, interpreter, env, instance, restart, ready, triggers, value, listen, logs);
    }

    public AppSpec withListen(List<ListenAddress> value) {
        return new AppSpec(name, script, args, cwd, interpreter, env, instance, restart, ready, triggers, orchestration, value, logs);
    }

    public AppSpec withLogs(LogSettings value) {
        return new AppSpec(name, script, args, cwd, interpreter, env, instance, restart, ready, triggers, orchestration, listen, value);
    }

    /** The {@code autorestart} setting as one word, from {@link RestartPolicy#autorestart()} and on-failure. */
    public AutoRestart autorestartMode() {
        if (!restart.autorestart()) {
            return AutoRestart.NEVER;
        }
        return orchestration.exitCodes().restartOnFailureOnly() ? AutoRestart.ON_FAILURE : AutoRestart.ALWAYS;
    }

    /** This spec with {@code autorestart} set to {@code mode} (both facts it is kept as). */
    public AppSpec withAutorestart(AutoRestart mode) {
        return new AppSpec(name, script, args, cwd, interpreter, env, instance, restart.withAutorestart(mode != AutoRestart.NEVER),
                ready, triggers, orchestration.withExitCodes(orchestration.exitCodes()
                        .withRestartOnFailureOnly(mode == AutoRestart.ON_FAILURE)), listen, logs);
    }

    /** This spec as cluster instance {@code index} of {@code base}: named {@code base:index}. */
    public AppSpec asInstance(String base, int index) {
        return new AppSpec(AppNames.instanceName(base, index), script, args, cwd, interpreter, env, index, restart, ready,
                triggers, orchestration, listen, logs);
    }

    /** The explicit interpreter, empty when it is auto-detected. */
    public Optional<String> interpreterOverride() {
        return interpreter.isEmpty() ? Optional.empty() : Optional.of(interpreter);
    }

    public boolean isClusterInstance() {
        return instance != NO_INSTANCE;
    }

    /** Builds {@link AppSpec}s; every setter replaces the previous value. */
    public static final class Builder {
        private final String name;
        private final String script;
        private List<String> args = List.of();
        private Path cwd = Path.of("").toAbsolutePath();
        private String interpreter = "";
        private Map<String, String> env = new LinkedHashMap<>();
        private int instance = NO_INSTANCE;
        private RestartPolicy restart = RestartPolicy.DEFAULT;
        private ReadyPolicy ready = ReadyPolicy.NONE;
        private RestartTriggers triggers = RestartTriggers.NONE;
        private Orchestration orchestration = Orchestration.DEFAULT;
        private List<ListenAddress> listen = List.of();
        private LogSettings logs = LogSettings.DEFAULT;

        private Builder(String name, String script) {
            this.name = name;
            this.script = script;
        }

        public Builder args(List<String> value) {
            this.args = List.copyOf(value);
            return this;
        }

        public Builder cwd(Path value) {
            this.cwd = value.toAbsolutePath().normalize();
            return this;
        }

        public Builder interpreter(String value) {
            this.interpreter = value;
            return this;
        }

        public Builder env(Map<String, String> value) {
            this.env = new LinkedHashMap<>(value);
            return this;
        }

        public Builder env(String key, String value) {
            this.env.put(key, value);
            return this;
        }

        public Builder instance(int value) {
            this.instance = value;
            return this;
        }

        public Builder restart(RestartPolicy value) {
            this.restart = value;
            return this;
        }

        public Builder ready(ReadyPolicy value) {
            this.ready = value;
            return this;
        }

        public Builder triggers(RestartTriggers value) {
            this.triggers = value;
            return this;
        }

        public Builder orchestration(Orchestration value) {
            this.orchestration = value;
            return this;
        }

        public Builder listen(List<ListenAddress> value) {
            this.listen = List.copyOf(value);
            return this;
        }

        public Builder logs(LogSettings value) {
            this.logs = value;
            return this;
        }

        public AppSpec build() {
            return new AppSpec(name, script, args, cwd, interpreter, env, instance, restart, ready, triggers, orchestration, listen,
                    logs);
        }
    }
}
