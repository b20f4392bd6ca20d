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
    // The MCP HTTP tests speak Streamable HTTP with the JDK client.
    requires java.net.http;
}
