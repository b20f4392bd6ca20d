// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Options of {@code velos api} and {@code velos metrics} (the latter ignores token and CORS).
 *
 * @param socket       the daemon's control socket
 * @param baseDir      where relative {@code cwd} values of started apps resolve
 * @param otelEndpoint OTLP/HTTP base URL (…/v1/metrics and …/v1/logs are appended), if any
 * @param otelInterval how often metrics are exported (10 s unless a test shortens it)
 */
public record ServerOptions(String host, int port, Optional<String> token, Optional<String> corsOrigin,
                            Optional<String> otelEndpoint, Duration otelInterval, Path socket, Path baseDir) {
    public static final Duration DEFAULT_OTEL_INTERVAL = Duration.ofSeconds(10);
}
