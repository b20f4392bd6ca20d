// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.List;

import dev.velos.ipc.ApiToken;

/**
 * Where the Streamable HTTP transport listens and who may use it (DESIGN §4 "Network servers"):
 * loopback by default, and a bearer token on every request wherever it listens, because
 * {@code process_start} runs commands and loopback is reachable by every local user.
 *
 * @param host         address to bind (default {@code 127.0.0.1})
 * @param port         TCP port, 0 for any free one
 * @param token        the bearer token clients must send
 * @param allowedHosts {@code --allowed-host} names clients may use in {@code Host}
 */
public record HttpOptions(String host, int port, ApiToken token, List<String> allowedHosts) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Checks the port; throws {@link IllegalArgumentException} saying what to do instead. */
    public HttpOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + port);
        }
        allowedHosts = List.copyOf(allowedHosts);
    }
}
