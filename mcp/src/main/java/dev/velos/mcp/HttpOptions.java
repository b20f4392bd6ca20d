// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where the Streamable HTTP transport listens and who may use it (DESIGN §4 "Network servers"):
 * loopback by default; any other address only with a bearer token, because process_start runs
 * commands.
 *
 * @param host  address to bind (default {@code 127.0.0.1})
 * @param port  TCP port, 0 for any free one
 * @param token the bearer token clients must send, if any
 */
public record HttpOptions(String host, int port, Optional<String> token) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Checks the combination; throws {@link IllegalArgumentException} saying what to do instead. */
    public HttpOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + port);
        }
        token = token.filter(t -> !t.isBlank());
        if (token.isPresent() && token.get().length() < 16) {
            throw new IllegalArgumentException("--token must be at least 16 characters (e.g. openssl rand -hex 24)");
        }
        if (!isLoopback(host) && token.isEmpty()) {
            throw new IllegalArgumentException("refusing to listen on " + host + " without --token: anyone who can "
                    + "reach it could run commands through process_start; add --token <secret> (or VELOS_MCP_TOKEN), "
                    + "or keep the default --host " + DEFAULT_HOST);
        }
    }

    /** Whether {@code host} names only this machine (a wildcard such as 0.0.0.0 does not). */
    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " is not an address of this machine: " + e.getMessage());
        }
    }
}
