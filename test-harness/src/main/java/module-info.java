// SPDX-License-Identifier: Apache-2.0
/**
 * End-to-end tests that drive real velos processes (bin/velos, a real daemon on a real socket);
 * the suite lives under src/test.
 */
module dev.velos.testing {
    requires dev.velos.supervisor;
    requires dev.velos.sys;
    requires dev.velos.ipc;
    requires java.compiler;
    // HTTP tests (MCP Streamable HTTP, REST, WebSocket) with the JDK client, and a tiny OTLP receiver.
    requires java.net.http;
    requires jdk.httpserver;
}
