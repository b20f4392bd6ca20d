// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;

import dev.velos.config.ConfigFiles;
import dev.velos.config.ConfigFormat;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code velos import pm2|supervisord|process-compose <file>}: prints the equivalent
 * {@code velos.toml}, with a comment for every key velos cannot honour, so a user can switch for
 * good ({@code velos import pm2 ecosystem.config.js > velos.toml}). Needs no daemon.
 */
@Command(name = "import")
final class ImportCommand extends AbstractCommand {
    @Parameters(index = "0", paramLabel = "<format>", descriptionKey = "import-format")
    String format;

    @Parameters(index = "1", paramLabel = "<file>", descriptionKey = "import-file")
    Path file;

    @Override
    int execute() {
        ConfigFormat f = ConfigFormat.named(format).filter(x -> x != ConfigFormat.VELOS).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "unknown format '" + format
                        + "': use pm2, supervisord or process-compose"));
        Path path = context().cwd().resolve(file).toAbsolutePath().normalize();
        out().print(ConfigFiles.importToml(ConfigFiles.Source.of(path), f, context().env()));
        return ExitCode.OK;
    }
}
