// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.util.List;

import dev.velos.ipc.ApiToken;
import dev.velos.ipc.RuntimePaths;

/**
 * Where the Streamable HTTP transport listens and who may use it (DESIGN §4 "Network servers"):
 * loopback by default, and a bearer token on every request wherever it listens, because
 * {@code process_start} runs commands and loopback is reachable by every local user. The server's
 * own token has the {@code admin} scope; the named tokens of {@code home}'s token store
 * ({@code velos token create --scope ...}) have theirs.
 *
 * @param host         address to bind (default {@code 127.0.0.1})
 * @param port         TCP port, 0 for any free one
 * @param token        the server's own bearer token ({@code admin} on every app)
 * @param allowedHosts {@code --allowed-host} names clients may use in {@code Host}
 * @param home         the runtime directory: its {@code tokens.json} and {@code audit.log}
 */
public record HttpOptions(String host, int port, ApiToken token, List<String> allowedHosts, Path home) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Checks the port; throws {@link IllegalArgumentException} saying what to do instead. */
    public HttpOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + port);
        }
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Options in the default runtime directory ({@code $VELOS_HOME}, else {@code ~/.velos}). */
    public HttpOptions(String host, int port, ApiToken token, List<String> allowedHosts) {
        this(host, port, token, allowedHosts, RuntimePaths.home());
    }
}
