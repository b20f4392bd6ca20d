// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.Optional;

import dev.velos.config.ConfigApply;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code velos apply [file]}: makes the running set match a config file (velos.toml, PM2
 * ecosystem, supervisord, process-compose), touching only what differs: new apps start, changed
 * ones restart (or reload), unchanged ones keep their pid, and with {@code --prune} apps the file
 * no longer names are deleted. {@code startOrRestart} is the same; {@code startOrReload} reloads.
 */
@Command(name = "apply", aliases = "startOrRestart")
class ApplyCommand extends ClientCommand {
    @Mixin
    ConfigFileSource file = new ConfigFileSource();

    @Option(names = "--prune", descriptionKey = "prune")
    boolean prune;

    @Option(names = "--dry-run", descriptionKey = "apply-dry-run")
    boolean dryRun;

    @Option(names = "--reload", descriptionKey = "apply-reload")
    boolean reload;

    /** How changed apps take their settings: {@code --reload} (and startOrReload) reloads them. */
    ConfigApply.Mode mode() {
        return reload ? ConfigApply.Mode.RELOAD : ConfigApply.Mode.RESTART;
    }

    @Override
    int execute() {
        if (prune && !file.options.only.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--prune and --only cannot be combined:"
                    + " --prune deletes the apps the whole file does not name");
        }
        ApplyRun run = new ApplyRun(this, file.chosen(this, "apply"), file.options);
        return run.run(new ConfigApply.Options(prune, dryRun, mode(), Optional.of(context().env())), true);
    }
}
