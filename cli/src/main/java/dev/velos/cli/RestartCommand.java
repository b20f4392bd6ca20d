// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;

/** {@code velos restart <target>}: stops the old generation (whole group), then starts a new one. */
@Command(name = "restart")
final class RestartCommand extends TargetCommand {
    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = forEachTarget(client, VelosClient::restart);
        }
        printRespawned(views, "Restarted", "restart", "restarted");
        return ExitCode.OK;
    }
}
