// SPDX-License-Identifier: Apache-2.0
/**
 * The velos daemon: the supervisor (subreaper on), the IPC server, the log files and the state
 * file wired together, plus {@link dev.velos.daemon.DaemonLauncher} for clients that auto-start it.
 */
module dev.velos.daemon {
    requires transitive dev.velos.model;
    requires transitive dev.velos.ipc;
    requires dev.velos.supervisor;
    requires dev.velos.logs;
    requires dev.velos.sys;
    requires jdk.unsupported;

    exports dev.velos.daemon;
}
