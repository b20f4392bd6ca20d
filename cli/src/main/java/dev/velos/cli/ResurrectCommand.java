// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ResurrectResult;

import picocli.CommandLine.Command;

/**
 * {@code velos resurrect}: brings back the list saved by {@code velos save} (else the live
 * {@code state.bin}); names that already exist are skipped, never duplicated.
 */
@Command(name = "resurrect")
final class ResurrectCommand extends ClientCommand {
    @Override
    int execute() {
        ResurrectResult result;
        try (VelosClient client = connect()) {
            result = client.resurrect();
        }
        List<String> started = orEmpty(result.started());
        List<String> stopped = orEmpty(result.stopped());
        List<String> skipped = orEmpty(result.skipped());
        int restored = started.size() + stopped.size();
        if (json) {
            JsonObject o = Json.object().put("restored", restored);
            names(o.putArray("started"), started);
            names(o.putArray("stopped"), stopped);
            names(o.putArray("skipped"), skipped);
            o.put("source", result.source());
            out().println(Json.compact(o));
            return ExitCode.OK;
        }
        if (restored == 0 && !skipped.isEmpty()) {
            out().println("[velos] Nothing to restore: already present: " + String.join(", ", skipped));
        } else if (restored == 0) {
            out().println("[velos] No saved processes to restore");
        } else {
            out().println("[velos] Restored " + restored + " process(es)" + (result.source() == null ? "" : " from " + result.source()));
            if (!stopped.isEmpty()) {
                out().println("[velos] Kept stopped, as saved: " + String.join(", ", stopped));
            }
            if (!skipped.isEmpty()) {
                out().println("[velos] Already present, skipped: " + String.join(", ", skipped));
            }
        }
        return ExitCode.OK;
    }

    private static List<String> orEmpty(List<String> names) {
        return names == null ? List.of() : names;
    }

    private static void names(JsonArray array, List<String> names) {
        names.forEach(array::add);
    }
}
