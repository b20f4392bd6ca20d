// SPDX-License-Identifier: Apache-2.0
/**
 * The MCP server for AI agents (REFERENCE §10, DESIGN §4): the 13 velos tools on the official MCP
 * Java SDK, over stdio or Streamable HTTP (Jetty). It reaches the daemon only through
 * {@link dev.velos.ipc.VelosClient}. The SDK's Jackson 3 stays inside this module: tool outputs
 * are plain maps and lists, serialised by the SDK's own mapper.
 */
module dev.velos.mcp {
    requires dev.velos.model;
    requires dev.velos.ipc;
    requires dev.velos.config;
    requires dev.velos.logs;
    requires io.modelcontextprotocol.sdk.mcp.core;
    requires reactor.core;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.ee11.servlet;
    requires jakarta.servlet;
    requires java.logging;

    exports dev.velos.mcp;
}
