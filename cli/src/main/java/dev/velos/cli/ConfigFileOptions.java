// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import dev.velos.config.AppConfigFile;
import dev.velos.config.ConfigFiles;

import picocli.CommandLine.Option;

/**
 * The options of every command that reads a config file ({@code apply}, {@code start --config},
 * {@code run}, {@code export}; picocli mixin): the env profile and the apps to take. It also owns
 * how such a command reads the file, so they all read it, and warn about it, the same way.
 */
final class ConfigFileOptions {
    @Option(names = "--env", paramLabel = "<profile>", descriptionKey = "env-profile")
    String envProfile;

    @Option(names = "--only", paramLabel = "<names>", split = ",", descriptionKey = "only")
    Set<String> only = new LinkedHashSet<>();

    /**
     * {@code file} (any format: velos.toml, PM2, supervisord, process-compose) with these options,
     * every warning printed on the command's stderr (untrusted text escaped).
     */
    AppConfigFile.Loaded read(AbstractCommand command, Path file) {
        AppConfigFile.Loaded loaded = ConfigFiles.read(ConfigFiles.Source.of(file), Optional.empty(),
                Optional.ofNullable(envProfile), only, command.context().env());
        Style err = command.errStyle();
        loaded.warnings().forEach(w -> command.err().println("Warning: " + err.untrusted(w)));
        return loaded;
    }
}
