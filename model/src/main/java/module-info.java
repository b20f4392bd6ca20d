// SPDX-License-Identifier: Apache-2.0
/** Immutable value types shared by every velos module: specs, statuses, process snapshots, log lines, events. */
module dev.velos.model {
    exports dev.velos.model;
}
