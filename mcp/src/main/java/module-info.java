// SPDX-License-Identifier: Apache-2.0
/** MCP server for AI agents. Filled by the MCP issue; empty until then. */
module dev.velos.mcp {
    requires dev.velos.model;
    requires dev.velos.ipc;
    requires dev.velos.logs;
}
