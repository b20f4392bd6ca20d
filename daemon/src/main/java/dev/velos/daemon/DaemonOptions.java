// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Path;

/**
 * How {@code velos daemon} runs.
 *
 * @param home      runtime directory (state, logs, pid, lock); created 0700
 * @param socket    control socket path (default {@code <home>/velos.sock})
 * @param resurrect restore {@code state.bin} at start (the startup unit and crash recovery use it)
 * @param maxParallelStarts at most this many apps starting at once (spawned, not ready yet); 0 = unlimited
 */
public record DaemonOptions(Path home, Path socket, boolean resurrect, int maxParallelStarts) {
    public DaemonOptions {
        if (maxParallelStarts < 0) {
            throw new IllegalArgumentException("max_parallel_starts must be >= 0 (0 = unlimited), got " + maxParallelStarts);
        }
    }

    /** With no limit on apps starting at once. */
    public DaemonOptions(Path home, Path socket, boolean resurrect) {
        this(home, socket, resurrect, 0);
    }
}
