// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import dev.velos.model.ProcessInfo;

/** What {@link Supervisor#startAll} did with one spec of the batch. */
public sealed interface StartResult {
    /** The spec's name. */
    String name();

    /** The spec runs (or is {@code starting}, with wait-ready); {@code info} as right after the spawn. */
    record Started(ProcessInfo info) implements StartResult {
        @Override
        public String name() {
            return info.name();
        }
    }

    /**
     * The spec did not start: refused ({@code ALREADY_EXISTS}, {@code INVALID_ARGUMENT}; nothing
     * changed) or failed to spawn ({@code SPAWN_FAILED}; the entry exists and shows {@code errored}),
     * exactly as {@link Supervisor#start} would have failed.
     */
    record Failed(String name, SupervisorException error) implements StartResult {
    }
}
