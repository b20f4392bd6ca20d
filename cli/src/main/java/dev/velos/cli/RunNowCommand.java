// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;

/**
 * {@code velos run-now <job>}: runs a scheduled job ({@code cron}) now, as if its schedule fired
 * — its {@code overlap} applies when a run is still going, and the run joins its history in
 * {@code info}. Any other app is started if it is not running.
 */
@Command(name = "run-now")
final class RunNowCommand extends TargetCommand {
    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = forEachTarget(client, VelosClient::runNow);
        }
        printRespawned(views, "Ran", "run", "ran");
        return ExitCode.OK;
    }
}
