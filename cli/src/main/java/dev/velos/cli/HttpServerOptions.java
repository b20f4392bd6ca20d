// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import picocli.CommandLine.Option;

/** The options {@code velos api} and {@code velos metrics} share (picocli mixin); each command adds its port. */
final class HttpServerOptions {
    @Option(names = "--host", paramLabel = "<host>", defaultValue = "127.0.0.1", descriptionKey = "http.host")
    String host;

    @Option(names = "--token", paramLabel = "<token>", descriptionKey = "http.token")
    String token;

    @Option(names = "--otel-endpoint", paramLabel = "<url>", descriptionKey = "http.otel-endpoint")
    String otelEndpoint;

    /** {@code --token}, else {@code $VELOS_API_TOKEN} (which, unlike an argument, other users cannot see in ps). */
    String token(CliContext context) {
        return token != null ? token : context.env().get("VELOS_API_TOKEN");
    }
}
