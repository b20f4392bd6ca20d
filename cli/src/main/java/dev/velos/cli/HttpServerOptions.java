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

/**
 * Where and with which token an HTTP server listens (picocli mixin): {@code velos api},
 * {@code velos metrics} and {@code velos mcp-server --port}; each command adds its port, and
 * mcp-server describes the options in its own words ({@code velos.mcp-server.http.*} in Messages).
 */
final class HttpServerOptions {
    @Option(names = "--host", paramLabel = "<host>", defaultValue = "127.0.0.1", descriptionKey = "http.host")
    String host;

    @Option(names = "--token", paramLabel = "<token>", descriptionKey = "http.token")
    String token;

    @Option(names = "--token-file", paramLabel = "<path>", descriptionKey = "http.token-file")
    String tokenFile;

    @Option(names = "--allowed-host", paramLabel = "<name>", descriptionKey = "http.allowed-host")
    List<String> allowedHosts = new ArrayList<>();

    /**
     * The token the user chose ({@code --token-file}, {@code --token}, {@code $envName}: {@code VELOS_API_TOKEN}
     * for api and metrics, {@code VELOS_MCP_TOKEN} for mcp-server); empty means the token file. Warns
     * about {@code --token}, which every local user can read in {@code ps}.
     */
    Optional<ApiToken> token(CliContext context, PrintWriter err, String envName) {
        if (token != null && !token.isBlank() && tokenFile == null) {
            err.println("Warning: --token is visible to every local user (ps, /proc/<pid>/cmdline); prefer --token-file "
                    + "<path> or $" + envName + ".");
            err.flush();
        }
        return ApiToken.chosen(Optional.ofNullable(tokenFile).map(f -> context.cwd().resolve(Path.of(f))),
                Optional.ofNullable(token), Optional.ofNullable(context.env().get(envName)), envName);
    }

    /** A bad token, token file or host name is a usage error (exit 2); a token file that cannot be written is not. */
    static CliException refused(VelosException e) {
        return new CliException(e.getMessage(), null, e.code() == ErrorCode.INVALID_ARGUMENT ? ExitCode.USAGE
                : ExitCode.RUNTIME, e);
    }
}
