// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import dev.velos.config.ConfigApply;

import picocli.CommandLine.Command;

/** PM2's {@code startOrReload <file>}: {@code velos apply <file> --reload}. */
@Command(name = "startOrReload", aliases = "startOrGracefulReload")
final class StartOrReloadCommand extends ApplyCommand {
    @Override
    ConfigApply.Mode mode() {
        return ConfigApply.Mode.RELOAD;
    }
}
