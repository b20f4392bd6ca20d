// SPDX-License-Identifier: Apache-2.0
/** REST API, WebSocket, Prometheus and OpenTelemetry. Filled by the observability issue; empty until then. */
module dev.velos.web {
    requires dev.velos.model;
    requires dev.velos.ipc;
    requires dev.velos.logs;
}
