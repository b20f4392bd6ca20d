// SPDX-License-Identifier: Apache-2.0
/** The velos daemon. Filled by the daemon/CLI issue; empty until then. */
module dev.velos.daemon {
    requires dev.velos.model;
    requires dev.velos.supervisor;
    requires dev.velos.ipc;
    requires dev.velos.logs;
}
