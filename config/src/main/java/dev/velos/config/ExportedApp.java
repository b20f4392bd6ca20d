// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.velos.model.AppConfig;
import dev.velos.model.AutoRestart;
import dev.velos.model.ExitCodePolicy;
import dev.velos.model.Interpreters;
import dev.velos.model.Orchestration;
import dev.velos.model.OrchestrationSettings;

/**
 * One app as the export renderers see it: its config, its orchestration keys parsed by their one
 * owner ({@link OrchestrationSettings}, already checked when the file was read), and the command
 * line velos would run, so the three renderers stay pure functions of these values.
 *
 * @param config     the app as read from the file
 * @param settings   depends_on, probes, schedule, limits, user... as typed values
 * @param autorestart always, on-failure or never
 * @param stopSignal {@code stop_signal} as a name ({@code SIGINT}); SIGTERM when not set
 * @param argv       interpreter (if any), script, args: as velos would spawn it, relative to the cwd
 * @param execArgv   the same with the program and the script made absolute where they could be found
 *                   (systemd needs absolute paths); a word that could not be found is left as written
 * @param fromEnvFiles the variables the app's env files give, as {@link EnvFile} reads them (a target that
 *                   reads the files itself needs only what the config sets over them)
 */
record ExportedApp(AppConfig config, Orchestration settings, AutoRestart autorestart, String stopSignal,
                   List<String> argv, List<String> execArgv, Map<String, String> fromEnvFiles) {

    ExportedApp {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(autorestart, "autorestart");
        Objects.requireNonNull(stopSignal, "stopSignal");
        argv = List.copyOf(argv);
        execArgv = List.copyOf(execArgv);
        fromEnvFiles = Collections.unmodifiableMap(new LinkedHashMap<>(fromEnvFiles));
    }

    String name() {
        return config.name();
    }

    /** {@code app} with {@code which} finding a bare program name on the user's PATH. */
    static ExportedApp of(AppConfig app, ProgramLookup which) {
        OrchestrationSettings.Parsed parsed = OrchestrationSettings.parse(app.orchestration(),
                signal -> ExitCodePolicy.SIGTERM, (path, message) -> { });
        AutoRestart mode = parsed.autorestart().orElse(app.restart().autorestart() ? AutoRestart.ALWAYS : AutoRestart.NEVER);
        Object signal = app.orchestration().get("stop_signal");
        String stopSignal = signal == null ? "SIGTERM" : ConfigApply.signalName(String.valueOf(signal));
        Path script = app.cwd().resolve(app.script()).normalize();
        List<String> interpreter = app.interpreter().map(List::of).orElseGet(() -> Interpreters.detect(script, app.script()).orElse(List.of()));
        List<String> argv = new ArrayList<>(interpreter);
        argv.add(app.script());
        argv.addAll(app.args());
        List<String> exec = new ArrayList<>();
        if (interpreter.isEmpty()) {
            exec.add(program(app.script(), app.cwd(), which, true));
        } else {
            exec.add(program(interpreter.getFirst(), app.cwd(), which, false));
            exec.addAll(interpreter.subList(1, interpreter.size()));
            exec.add(app.script().indexOf('/') >= 0 || Files.exists(script) ? script.toString() : app.script());
        }
        exec.addAll(app.args());
        Map<String, String> fromFiles = new LinkedHashMap<>();
        app.envFiles().forEach(f -> fromFiles.putAll(EnvFile.load(f)));
        return new ExportedApp(app, parsed.orchestration(), mode, stopSignal, argv, exec, fromFiles);
    }

    /**
     * execvp's rule as velos applies it: a word with a '/' is relative to the cwd; the script
     * itself is looked up in the cwd first; anything else on PATH.
     */
    private static String program(String word, Path cwd, ProgramLookup which, boolean isScript) {
        if (word.indexOf('/') >= 0 || isScript && Files.isRegularFile(cwd.resolve(word))) {
            return cwd.resolve(word).normalize().toString();
        }
        return which.find(word).map(Path::toString).orElse(word);
    }

    /** Finds a program name on a PATH (the exporting user's, given by the caller). */
    @FunctionalInterface
    interface ProgramLookup {
        Optional<Path> find(String program);

        /** The first executable regular file {@code program} in the absolute directories of {@code path}. */
        static ProgramLookup onPath(String path) {
            return program -> {
                for (String dir : path.split(":")) {
                    if (dir.startsWith("/")) {
                        Path candidate = Path.of(dir, program);
                        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                            return Optional.of(candidate);
                        }
                    }
                }
                return Optional.empty();
            };
        }
    }
}
