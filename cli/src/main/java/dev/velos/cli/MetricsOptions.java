// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import picocli.CommandLine.Option;

/** How {@code velos api} and {@code velos metrics} serve and export metrics (picocli mixin, after {@link HttpServerOptions}). */
final class MetricsOptions {
    @Option(names = "--metrics-public", descriptionKey = "http.metrics-public")
    boolean metricsPublic;

    @Option(names = "--otel-endpoint", paramLabel = "<url>", descriptionKey = "http.otel-endpoint")
    String otelEndpoint;
}
