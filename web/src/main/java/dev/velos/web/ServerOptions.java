// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Options of {@code velos api} and {@code velos metrics} (the latter ignores CORS).
 *
 * @param token         the token the user chose ({@code --token-file}, {@code --token}, {@code $VELOS_API_TOKEN});
 *                      without one, the runtime directory's token file is used (and made)
 * @param allowedHosts  {@code --allowed-host} names clients may use in {@code Host}
 * @param metricsPublic {@code --metrics-public}: {@code GET /metrics} without a token, on any address
 * @param home          the runtime directory, where the token file lives
 * @param socket        the daemon's control socket
 * @param baseDir       where relative {@code cwd} values of started apps resolve
 * @param otelEndpoint  OTLP/HTTP base URL (…/v1/metrics and …/v1/logs are appended), if any
 * @param otelInterval  how often metrics are exported (10 s unless a test shortens it)
 */
public record ServerOptions(String host, int port, Optional<dev.velos.ipc.ApiToken> token, List<String> allowedHosts,
                            boolean metricsPublic, Optional<String> corsOrigin, Optional<String> otelEndpoint,
                            Duration otelInterval, Path home, Path socket, Path baseDir) {
    public static final Duration DEFAULT_OTEL_INTERVAL = Duration.ofSeconds(10);

    public ServerOptions {
        allowedHosts = List.copyOf(allowedHosts);
    }
}
