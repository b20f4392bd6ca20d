// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

/**
 * A tool call that cannot be answered, with a message for the model that says what to do next.
 * It becomes a tool result with {@code isError: true}, never a protocol error.
 */
public final class ToolException extends RuntimeException {
    public ToolException(String message) {
        super(message);
    }
}
