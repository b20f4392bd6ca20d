// SPDX-License-Identifier: Apache-2.0
/** Frame codec, messages, Unix-socket transport and VelosClient. Filled by the daemon/CLI issue; empty until then. */
module dev.velos.ipc {
    requires dev.velos.model;
}
