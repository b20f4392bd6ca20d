// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The config file a command takes as its first argument ({@code apply}, {@code startOrReload},
 * {@code run}; picocli mixin): the optional {@code [file]}, which defaults to the first of
 * {@link ApplyRun#DEFAULT_FILES} in the working directory, and the {@link ConfigFileOptions} that
 * choose what of it to take. One declaration, so the commands describe and resolve it alike.
 */
final class ConfigFileSource {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<file>", descriptionKey = "apply-file")
    Path file;

    @Mixin
    ConfigFileOptions options = new ConfigFileOptions();

    /** The file named, else the default one, absolute; {@code word} names the command in the error's hint. */
    Path chosen(AbstractCommand command, String word) {
        return ApplyRun.fileOrDefault(command.context(), file, word);
    }
}
