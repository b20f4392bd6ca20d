// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.model.AppNames;

/**
 * {@code velos list --names}, what the completion scripts run on TAB: every process name, and the
 * base name of each cluster (a valid target for all its instances). Pressing TAB must never start
 * a daemon or print an error into the user's command line, so a missing daemon prints nothing.
 */
final class CompletionNames {
    private CompletionNames() {
    }

    static int print(ClientCommand command) {
        Set<String> names = new LinkedHashSet<>();
        try (VelosClient client = command.connectIfRunning()) {
            for (ProcessView v : client.list()) {
                names.add(v.name());
                if (v.name().contains(":")) {
                    names.add(AppNames.baseOf(v.name()));
                }
            }
        } catch (IpcException e) {
            return ExitCode.OK;
        }
        names.forEach(command.out()::println);
        return ExitCode.OK;
    }
}
