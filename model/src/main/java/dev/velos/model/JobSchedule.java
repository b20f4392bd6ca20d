// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Objects;

/**
 * A scheduled job ({@code cron}, {@code overlap}): at each firing the app is started if it is not
 * running — also after it exited, which {@code cron_restart} never does — and {@code overlap}
 * decides when it still runs. Syntax and zone as {@link RestartTriggers#cronRestart()}.
 *
 * @param cron    a cron expression; "" = not a scheduled job
 * @param overlap what a firing does while a run is still going
 */
public record JobSchedule(String cron, Overlap overlap) {
    public static final JobSchedule NONE = new JobSchedule("", Overlap.SKIP);

    public JobSchedule {
        cron = Objects.requireNonNull(cron, "cron").trim();
        Objects.requireNonNull(overlap, "overlap");
    }

    public boolean isScheduled() {
        return !cron.isEmpty();
    }
}
