// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Answers one request. Runs on the connection's virtual thread, so it may block (on a
 * supervisor future, say). A {@link dev.velos.model.VelosException} becomes an error response
 * with its code; any other exception an {@code internal} error. The connection stays open either way.
 */
@FunctionalInterface
public interface RequestHandler {
    Object handle(String cmd, JsonNode args);
}
