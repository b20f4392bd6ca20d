// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code velos metrics}: the Prometheus endpoint ({@code /metrics}, text 0.0.4 or OpenMetrics),
 * optionally also exporting over OTLP, in the foreground until SIGTERM/SIGINT.
 */
@Command(name = "metrics")
final class MetricsCommand extends AbstractCommand {
    @Option(names = {"-p", "--port"}, paramLabel = "<port>", defaultValue = "9615", descriptionKey = "http.port")
    int port;

    @Mixin
    HttpServerOptions server;

    @Mixin
    MetricsOptions metrics;

    @Override
    int execute() {
        return HttpServerLauncher.run(false, context(), server, metrics, port, null, err());
    }
}
