// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.List;
import java.util.Objects;

/**
 * The orchestration side of a {@link ProcessInfo}.
 *
 * @param waitingReason why a {@code waiting} (or blocked) entry has not started; "" otherwise
 * @param readiness     its readiness probe
 * @param liveness      its liveness probe
 * @param runs          the last {@link #MAX_RUNS} runs of a scheduled job, oldest first (empty for other apps)
 * @param cgroup        the app's own cgroup v2 directory; "" when it has none
 * @param oomKills      processes of the app the kernel OOM-killed inside its cgroup (memory_max)
 */
public record OrchestrationInfo(String waitingReason, ProbeStatus readiness, ProbeStatus liveness, List<JobRun> runs,
                                String cgroup, long oomKills) {
    public static final int MAX_RUNS = 20;
    public static final OrchestrationInfo NONE = new OrchestrationInfo("", ProbeStatus.NONE, ProbeStatus.NONE, List.of(), "", 0);

    public OrchestrationInfo {
        Objects.requireNonNull(waitingReason, "waitingReason");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(liveness, "liveness");
        runs = List.copyOf(runs);
        Objects.requireNonNull(cgroup, "cgroup");
    }
}
