// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import picocli.CommandLine.Command;

/** PM2's {@code jlist} and {@code prettylist}: {@code velos list --json}. */
@Command(name = "jlist", aliases = "prettylist")
final class JlistCommand extends ListCommand {
    @Override
    int execute() {
        json = true;
        return super.execute();
    }
}
