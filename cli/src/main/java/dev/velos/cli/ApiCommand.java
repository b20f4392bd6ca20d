// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code velos api}: the REST API, the {@code /ws} WebSocket and {@code /metrics} on one port,
 * in the foreground until SIGTERM/SIGINT. Loopback unless {@code --host} says otherwise, and a
 * bearer token on every route wherever it listens (DESIGN §4).
 */
@Command(name = "api")
final class ApiCommand extends AbstractCommand {
    /** The port without {@code -p}. */
    static final int DEFAULT_PORT = 3100;

    @Mixin
    MetricsServerOptions server;

    @Option(names = "--cors-origin", paramLabel = "<origin>", descriptionKey = "http.cors-origin")
    String corsOrigin;

    @Override
    int execute() {
        return server.run(true, this, DEFAULT_PORT, corsOrigin);
    }
}
