// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.Command;

/**
 * {@code velos reload <target>}: zero-downtime replacement, one instance at a time — each new
 * generation starts next to the old one, which is stopped only once the new one is ready.
 */
@Command(name = "reload")
final class ReloadCommand extends TargetCommand {
    @Override
    int execute() {
        List<ProcessView> views;
        try (VelosClient client = connect()) {
            views = forEachTarget(client, VelosClient::reload);
        }
        printRespawned(views, "Reloaded", "reload", "reloaded");
        return ExitCode.OK;
    }
}
