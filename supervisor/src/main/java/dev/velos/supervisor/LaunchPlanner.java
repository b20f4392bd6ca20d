// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.Interpreters;
import dev.velos.sys.SpawnRequest;

/**
 * Turns an {@link AppSpec} into a {@link SpawnRequest}: the interpreter (REFERENCE §2.4: explicit,
 * else shebang, else extension), the executable resolved against the <em>app's</em> PATH
 * (posix_spawnp would search the JVM's), the environment (supervisor env, then the app's env,
 * then the cluster variables) and a checked working directory (posix_spawn reports a missing cwd
 * as ENOENT, indistinguishable from a missing program).
 */
final class LaunchPlanner {

    /**
     * Set in every child to {@code <name>@<scope>}, the scope being the supervisor's runtime
     * directory (or its private notify directory when it has none), and inherited by every
     * descendant: how the supervisor finds what of an app left its process group when the app is
     * stopped ({@link Strays}), and how a daemon that restarts after a crash recognises the
     * processes its dead predecessor left running (their pids may never have reached the state
     * file), so no app ever runs twice.
     */
    public static final String OWNER_ENV = "VELOS_APP";

    private final Map<String, String> baseEnv;
    private final Optional<Path> runtimeDirectory;

    LaunchPlanner(Map<String, String> baseEnv) {
        this(baseEnv, Optional.empty());
    }

    LaunchPlanner(Map<String, String> baseEnv, Optional<Path> runtimeDirectory) {
        this.baseEnv = Map.copyOf(baseEnv);
        this.runtimeDirectory = runtimeDirectory;
    }

    /** The value of {@link #OWNER_ENV} in the children of app {@code name}: {@code <name>@<runtime dir>}. */
    String marker(String name) {
        return name + "@" + runtimeDirectory.map(Path::toString).orElse("");
    }

    /** What to spawn for {@code spec} now (spawner thread, every start and restart); throws what is missing. */
    SpawnRequest plan(AppSpec spec) {
        Path cwd = checkedCwd(spec);
        return planIn(spec, cwd);
    }

    /**
     * Whether {@code spec} could start now, in the order a user fixes things: the working
     * directory, the {@code cron_restart} expression, then what {@link #plan} resolves. The plan is
     * not kept: every spawn (a restart too) plans afresh on the spawner thread, against the files
     * and the instance as they are then. The cron expression is checked here, not in {@link #plan},
     * because the table only ever holds specs whose expression parsed (admit, register, updateSpec):
     * re-parsing it at every spawn of a crash loop would be work done again for nothing.
     */
    void check(AppSpec spec) {
        Path cwd = checkedCwd(spec);
        if (!spec.triggers().cronRestart().isEmpty()) {
            CronSchedule.parse(spec.name(), spec.triggers().cronRestart());
        }
        planIn(spec, cwd);
    }

    /** posix_spawn reports a missing cwd as ENOENT, indistinguishable from a missing program: say which it is. */
    private static Path checkedCwd(AppSpec spec) {
        Path cwd = spec.cwd();
        if (!Files.isDirectory(cwd)) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': working directory "
                    + cwd + (Files.exists(cwd) ? " is not a directory" : " does not exist"));
        }
        return cwd;
    }

    private SpawnRequest planIn(AppSpec spec, Path cwd) {
        Map<String, String> env = environment(spec);
        List<String> argv = argv(spec, cwd);
        String executable = resolveExecutable(spec, argv.get(0), cwd, env.getOrDefault("PATH", BaseEnvironment.DEFAULT_PATH));
        List<String> envList = new ArrayList<>(env.size());
        env.forEach((k, v) -> envList.add(k + "=" + v));
        return new SpawnRequest(executable, argv, envList, cwd.toString());
    }

    /**
     * A side command of {@code spec} (an exec probe, a hook): {@code argv} as given (argv[0] looked
     * up on the app's PATH, or relative to its cwd), in the app's cwd, with the app's environment
     * plus {@code extraEnv}. No interpreter detection: it is a command line, not the app's script.
     */
    SpawnRequest planCommand(AppSpec spec, List<String> argv, Map<String, String> extraEnv) {
        Path cwd = spec.cwd();
        if (!Files.isDirectory(cwd)) {
            cwd = Path.of("/");
        }
        Map<String, String> env = environment(spec);
        env.putAll(extraEnv);
        env.entrySet().removeIf(e -> e.getValue().indexOf('\0') >= 0);
        String executable = resolveCommand(spec, argv.getFirst(), cwd, env.getOrDefault("PATH", BaseEnvironment.DEFAULT_PATH));
        List<String> envList = new ArrayList<>(env.size());
        env.forEach((k, v) -> envList.add(k + "=" + v));
        return new SpawnRequest(executable, argv, envList, cwd.toString());
    }

    private static String resolveCommand(AppSpec spec, String program, Path cwd, String path) {
        if (program.indexOf('/') >= 0) {
            Path candidate = cwd.resolve(program).normalize();
            requireExecutable(spec, program, candidate);
            return candidate.toString();
        }
        return searchPath(program, cwd, path).orElseThrow(() -> new SupervisorException(ErrorCode.SPAWN_FAILED,
                "process '" + spec.name() + "': command '" + program + "' not found on PATH " + path));
    }

    /** The first executable regular file {@code program} in the directories of {@code path} (relative ones from {@code cwd}). */
    private static Optional<String> searchPath(String program, Path cwd, String path) {
        for (String dir : path.split(":")) {
            Path candidate = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(program).normalize();
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    Map<String, String> environment(AppSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(baseEnv);
        env.putAll(spec.env());
        if (spec.isClusterInstance()) {
            env.put("VELOS_INSTANCE_ID", Integer.toString(spec.instance()));
            env.put("NODE_APP_INSTANCE", Integer.toString(spec.instance()));
        }
        runtimeDirectory.ifPresent(dir -> env.put(OWNER_ENV, marker(spec.name())));
        env.entrySet().removeIf(e -> e.getKey().isEmpty() || e.getKey().indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0);
        return env;
    }

    /** argv: [interpreter..., script, args...], or [script, args...] when it runs directly. */
    List<String> argv(AppSpec spec, Path cwd) {
        List<String> argv = new ArrayList<>();
        Path script = cwd.resolve(spec.script());
        Optional<List<String>> interpreter = spec.interpreterOverride().map(List::of)
                .or(() -> Interpreters.detect(script, spec.script()));
        if (interpreter.isPresent() && spec.interpreterOverride().isEmpty() && !Files.isRegularFile(script)) {
            // The interpreter would start and then fail on the missing file; say so now instead.
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': script " + script
                    + " not found");
        }
        interpreter.ifPresent(argv::addAll);
        argv.add(spec.script());
        argv.addAll(spec.args());
        return argv;
    }

    /**
     * execvp semantics: a name with a '/' is a path (relative to the app's cwd); a bare name is
     * looked up in the app's cwd first (as {@code pm2 start app} does), then on its PATH.
     */
    static String resolveExecutable(AppSpec spec, String program, Path cwd, String path) {
        if (program.indexOf('/') >= 0) {
            Path candidate = cwd.resolve(program).normalize();
            requireExecutable(spec, program, candidate);
            return candidate.toString();
        }
        if (program.equals(spec.script()) && Files.isRegularFile(cwd.resolve(program))) {
            Path candidate = cwd.resolve(program).normalize();
            requireExecutable(spec, program, candidate);
            return candidate.toString();
        }
        return searchPath(program, cwd, path).orElseThrow(() -> new SupervisorException(ErrorCode.SPAWN_FAILED,
                "process '" + spec.name() + "': '" + program + "' not found in " + cwd + " or on PATH " + path));
    }

    private static void requireExecutable(AppSpec spec, String program, Path candidate) {
        if (!Files.exists(candidate)) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': " + candidate
                    + " not found");
        }
        if (Files.isDirectory(candidate)) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': " + candidate
                    + " is a directory, not a program");
        }
        if (!Files.isExecutable(candidate)) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': " + program
                    + " is not executable (chmod +x it, or give an interpreter)");
        }
    }
}
