// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code velos api} and {@code velos metrics} share (picocli mixin): the port, where and with
 * which token they listen ({@link HttpServerOptions}, also mcp-server's) and how they serve and
 * export metrics ({@link MetricsOptions}). It starts the server as well, so the two commands
 * launch it alike; each names its default port.
 */
final class MetricsServerOptions {
    /** Null: the command's default port. */
    @Option(names = {"-p", "--port"}, paramLabel = "<port>", descriptionKey = "http.port")
    Integer port;

    @Mixin
    HttpServerOptions server;

    @Mixin
    MetricsOptions metrics;

    /** Runs the server in the foreground: the REST API as well when {@code api}; {@code corsOrigin} may be null. */
    int run(boolean api, AbstractCommand command, int defaultPort, String corsOrigin) {
        return HttpServerLauncher.run(api, command.context(), server, metrics, port == null ? defaultPort : port, corsOrigin,
                command.err());
    }
}
