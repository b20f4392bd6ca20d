// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.velos.ipc.ApiToken;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import picocli.CommandLine.Option;

/** The options {@code velos api} and {@code velos metrics} share (picocli mixin); each command adds its port. */
final class HttpServerOptions {
    @Option(names = "--host", paramLabel = "<host>", defaultValue = "127.0.0.1", descriptionKey = "http.host")
    String host;

    @Option(names = "--token", paramLabel = "<token>", descriptionKey = "http.token")
    String token;

    @Option(names = "--token-file", paramLabel = "<path>", descriptionKey = "http.token-file")
    String tokenFile;

    @Option(names = "--allowed-host", paramLabel = "<name>", descriptionKey = "http.allowed-host")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--metrics-public", descriptionKey = "http.metrics-public")
    boolean metricsPublic;

    @Option(names = "--otel-endpoint", paramLabel = "<url>", descriptionKey = "http.otel-endpoint")
    String otelEndpoint;

    /** The token the user chose ({@code --token-file}, {@code --token}, {@code $VELOS_API_TOKEN}); empty means the token file. */
    Optional<ApiToken> token(CliContext context, PrintWriter err) {
        return chosenToken(context, err, tokenFile, token, "VELOS_API_TOKEN");
    }

    /**
     * The token of an HTTP server from its options and environment; warns about {@code --token},
     * which every local user can read in {@code ps}. Shared with {@code velos mcp-server --port}.
     */
    static Optional<ApiToken> chosenToken(CliContext context, PrintWriter err, String file, String literal, String envName) {
        if (literal != null && !literal.isBlank() && file == null) {
            err.println("Warning: --token is visible to every local user (ps, /proc/<pid>/cmdline); prefer --token-file "
                    + "<path> or $" + envName + ".");
            err.flush();
        }
        return ApiToken.chosen(Optional.ofNullable(file).map(f -> context.cwd().resolve(Path.of(f))),
                Optional.ofNullable(literal), Optional.ofNullable(context.env().get(envName)), envName);
    }

    /** A bad token, token file or host name is a usage error (exit 2); a token file that cannot be written is not. */
    static CliException refused(VelosException e) {
        return new CliException(e.getMessage(), null, e.code() == ErrorCode.INVALID_ARGUMENT ? ExitCode.USAGE
                : ExitCode.RUNTIME, e);
    }
}
