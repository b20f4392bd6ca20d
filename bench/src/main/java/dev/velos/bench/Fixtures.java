// SPDX-License-Identifier: Apache-2.0
package dev.velos.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.WireTypes;

/** Realistic wire values for the IPC and state benchmarks: what a `list` or a saved state carries. */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code n} running apps as {@code list} returns them. */
    static List<WireTypes.ProcessView> processViews(int n) {
        List<WireTypes.ProcessView> views = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            views.add(new WireTypes.ProcessView(i, "api-" + i, 40_000 + i, 1, "running", 48L * 1024 * 1024 + i,
                    3_600_000L + i, i % 3, 1.5 + i % 7, 0, 0, "/srv/app/server.js", List.of("--port", "80" + i % 100),
                    "/srv/app", "node", 5000, true, 15, 1000, 0, false, 0, 0, 1_764_000_000_000L + i));
        }
        return views;
    }

    /** {@code n} start specs as {@code state.bin} stores them. */
    static List<WireTypes.StartArgs> startArgs(int n) {
        List<WireTypes.StartArgs> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            specs.add(new WireTypes.StartArgs("worker-" + i, "/srv/app/worker.py", List.of("--queue", "q" + i), "/srv/app",
                    "python3", Map.of("NODE_ENV", "production", "QUEUE", "q" + i), true, 15, 1000L, 0L, false, 5000L,
                    10L * 1024 * 1024, 30));
        }
        return specs;
    }
}
