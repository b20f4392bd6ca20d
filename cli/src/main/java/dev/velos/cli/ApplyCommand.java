// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import dev.velos.config.ConfigApply;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code velos apply [file]}: makes the running set match a config file (velos.toml, PM2
 * ecosystem, supervisord, process-compose), touching only what differs: new apps start, changed
 * ones restart (or reload), unchanged ones keep their pid, and with {@code --prune} apps the file
 * no longer names are deleted. {@code startOrRestart} is the same; {@code startOrReload} reloads.
 */
@Command(name = "apply", aliases = "startOrRestart")
class ApplyCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<file>", descriptionKey = "apply-file")
    Path file;

    @Option(names = "--env", paramLabel = "<profile>", descriptionKey = "env-profile")
    String envProfile;

    @Option(names = "--only", paramLabel = "<names>", split = ",", descriptionKey = "only")
    Set<String> only = new LinkedHashSet<>();

    @Option(names = "--prune", descriptionKey = "prune")
    boolean prune;

    @Option(names = "--dry-run", descriptionKey = "dry-run")
    boolean dryRun;

    @Option(names = "--reload", descriptionKey = "apply-reload")
    boolean reload;

    /** How changed apps take their settings: {@code --reload} (and startOrReload) reloads them. */
    ConfigApply.Mode mode() {
        return reload ? ConfigApply.Mode.RELOAD : ConfigApply.Mode.RESTART;
    }

    @Override
    int execute() {
        if (prune && !only.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--prune and --only cannot be combined:"
                    + " --prune deletes the apps the whole file does not name");
        }
        Path chosen = file != null ? file : defaultFile(context(), "velos apply <file>");
        ApplyRun run = new ApplyRun(this, chosen, Optional.ofNullable(envProfile), only);
        return run.run(new ConfigApply.Options(prune, dryRun, mode(), Optional.of(context().env())), true);
    }

    /** The first of {@link ApplyRun#DEFAULT_FILES} in the current directory; {@code usage} shows how to name one instead. */
    static Path defaultFile(CliContext context, String usage) {
        for (String name : ApplyRun.DEFAULT_FILES) {
            if (Files.isRegularFile(context.cwd().resolve(name))) {
                return Path.of(name);
            }
        }
        throw new CliException("no config file named, and none of " + String.join(", ", ApplyRun.DEFAULT_FILES)
                + " in " + context.cwd(), "Name one: " + usage);
    }
}
