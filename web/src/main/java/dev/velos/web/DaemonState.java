// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.List;
import java.util.Optional;

import dev.velos.ipc.WireTypes;

/**
 * What the daemon reported at one moment: its processes and its own figures, or why it could not
 * be asked ({@code failure}, with empty lists).
 */
public record DaemonState(List<WireTypes.ProcessView> processes, Optional<WireTypes.DaemonStats> daemon,
                          Optional<String> failure) {
    static DaemonState of(List<WireTypes.ProcessView> processes, WireTypes.DaemonStats daemon) {
        return new DaemonState(List.copyOf(processes), Optional.of(daemon), Optional.empty());
    }

    static DaemonState unavailable(String why) {
        return new DaemonState(List.of(), Optional.empty(), Optional.of(why));
    }

    boolean up() {
        return failure.isEmpty();
    }
}
