// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: {@code -h/--help}, {@code -V/--version}, the help text bundle
 * ({@code Messages.properties}) and {@code --socket}. A subcommand sits under {@code velos}
 * itself or under a command group ({@code velos token create}); either way {@link #root()} is
 * the one {@link VelosCli}, which holds the context.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        resourceBundle = "dev.velos.cli.Messages", sortOptions = false, usageHelpAutoWidth = false)
abstract class BaseCommand {
    @Spec
    CommandSpec spec;

    /** The command this one is registered under: {@link VelosCli}, or a group such as {@link TokenCommand}. */
    @ParentCommand
    Object parent;

    @Option(names = "--socket", paramLabel = "<path>", descriptionKey = "socket", order = 100)
    Path socketOption;

    /** The context, with {@code --socket} (relative to the working directory) applied. */
    CliContext context() {
        CliContext context = root().context();
        return socketOption == null ? context
                : context.withSocket(context.cwd().resolve(socketOption).toAbsolutePath().normalize());
    }

    /** {@code velos} itself, however deep this command is. */
    VelosCli root() {
        // instanceof, not a pattern switch: that switch's class is spun at run time on every command's path (issue 15)
        if (parent instanceof VelosCli velos) {
            return velos;
        } else if (parent instanceof BaseCommand group) {
            return group.root();
        }
        throw new IllegalStateException(getClass().getSimpleName() + " is not under velos");
    }
}
