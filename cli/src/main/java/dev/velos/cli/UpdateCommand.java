// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import picocli.CommandLine.Command;

/** {@code velos update}: PM2's name for {@code velos daemon restart}, run after installing a new version. */
@Command(name = "update")
final class UpdateCommand extends DaemonRestartCommand {
}
