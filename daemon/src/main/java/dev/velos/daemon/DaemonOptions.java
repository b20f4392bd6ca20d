// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Path;

/**
 * How {@code velos daemon} runs.
 *
 * @param home      runtime directory (state, logs, pid, lock); created 0700
 * @param socket    control socket path (default {@code <home>/velos.sock})
 * @param resurrect restore {@code state.bin} at start (the startup unit and crash recovery use it)
 */
public record DaemonOptions(Path home, Path socket, boolean resurrect) {
}
