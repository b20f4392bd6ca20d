// SPDX-License-Identifier: Apache-2.0
/** Immutable value types shared by every velos module: specs, statuses, process snapshots, log lines, events. */
module dev.velos.model {
    // The one cron grammar (CronRules) hands out cron-utils' Cron; its users schedule or validate with it.
    requires transitive com.cronutils;

    exports dev.velos.model;
}
