// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import dev.velos.ipc.Grant;

/**
 * One tool call: its arguments and what the calling session may do. The tool's own scope is
 * checked before it runs; the tool checks the apps it touches ({@link DaemonAccess#target}).
 */
record ToolCall(ToolArgs args, Grant grant) {
}
