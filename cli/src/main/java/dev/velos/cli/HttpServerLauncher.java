// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.velos.model.VelosException;
import dev.velos.web.ObservabilityServer;
import dev.velos.web.ServerOptions;
import dev.velos.web.WebException;

/**
 * The one place the CLI touches the web module, so that {@code velos list} and friends never load
 * Jetty, Prometheus or OpenTelemetry classes: {@link ApiCommand} and {@link MetricsCommand} call
 * in here only from their {@code execute()}.
 */
final class HttpServerLauncher {
    /** Hidden: a shorter OTLP export interval, for tests that cannot wait 10 s per export. */
    static final String OTEL_INTERVAL_ENV = "VELOS_OTEL_INTERVAL_MS";

    private HttpServerLauncher() {
    }

    static int run(boolean api, CliContext context, HttpServerOptions server, MetricsOptions metrics, int port, String corsOrigin,
                   PrintWriter err) {
        Map<String, String> env = context.env();
        try {
            ServerOptions options = new ServerOptions(server.host, port, server.token(context, err, "VELOS_API_TOKEN"),
                    server.allowedHosts, metrics.metricsPublic, nonBlank(corsOrigin),
                    nonBlank(metrics.otelEndpoint).or(() -> nonBlank(env.get("VELOS_OTEL_ENDPOINT"))),
                    interval(env.get(OTEL_INTERVAL_ENV)), context.home(), context.socket(), context.cwd());
            return api ? ObservabilityServer.runApi(options, System.out, System.err)
                    : ObservabilityServer.runMetrics(options, System.out, System.err);
        } catch (VelosException e) {
            throw HttpServerOptions.refused(e);
        } catch (WebException e) {
            throw new CliException(e.getMessage(), "Pick another port with -p, or stop what listens there.",
                    ExitCode.RUNTIME, e);
        }
    }

    private static Duration interval(String millis) {
        try {
            return millis == null || millis.isBlank() ? ServerOptions.DEFAULT_OTEL_INTERVAL
                    : Duration.ofMillis(Math.max(100, Long.parseLong(millis.strip())));
        } catch (NumberFormatException e) {
            return ServerOptions.DEFAULT_OTEL_INTERVAL;
        }
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
