// SPDX-License-Identifier: Apache-2.0
/** The velos command line. Filled by the daemon/CLI issue; empty until then. */
module dev.velos.cli {
    requires dev.velos.model;
    requires dev.velos.ipc;
    requires dev.velos.logs;
    requires dev.velos.daemon;
    requires dev.velos.mcp;
    requires dev.velos.web;
}
