// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.List;

import dev.velos.ipc.WireTypes.ProcessView;

/** Process views for the dashboard tests. */
final class Views {
    private Views() {
    }

    static ProcessView view(int id, String name, int pid, String status, double cpu, long memory, int restarts) {
        return new ProcessView(id, name, pid, "running".equals(status) ? 1 : 0, status, memory, 65_000, restarts, cpu, 0, 0,
                "/srv/" + name + ".sh", List.of(), "/srv", "sh", 5000, true, 15, 1000, 0, false, 0, 0, 0);
    }

    static List<ProcessView> three() {
        return List.of(view(1, "api", 4101, "running", 12.5, 48L * 1024 * 1024, 0),
                view(2, "worker", 0, "errored", 0, 0, 3),
                view(3, "web", 4103, "running", 55, 2L * 1024 * 1024 * 1024, 1));
    }
}
