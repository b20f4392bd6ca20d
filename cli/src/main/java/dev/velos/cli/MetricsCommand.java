// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code velos metrics}: the Prometheus endpoint ({@code /metrics}, text 0.0.4 or OpenMetrics),
 * optionally also exporting over OTLP, in the foreground until SIGTERM/SIGINT.
 */
@Command(name = "metrics")
final class MetricsCommand extends AbstractCommand {
    /** The port without {@code -p}. */
    static final int DEFAULT_PORT = 9615;

    @Mixin
    MetricsServerOptions server;

    @Override
    int execute() {
        return server.run(false, this, DEFAULT_PORT, null);
    }
}
