// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.ApiToken;
import dev.velos.ipc.Scope;
import dev.velos.mcp.DaemonAccess;
import dev.velos.mcp.HttpMcpServer;
import dev.velos.mcp.HttpOptions;
import dev.velos.mcp.StdioMcpServer;
import dev.velos.mcp.StdioOptions;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code velos mcp-server}: the MCP server (REFERENCE §10) on stdio, or on Streamable HTTP with
 * {@code --port}. Long-running; the MCP classes load only when this command runs. Tools that
 * need a daemon start one like any other command (process_start), through the CLI's launcher.
 * Over HTTP every request needs the bearer token (the runtime directory's token file unless one
 * is given); stdio needs none: it is the user's own process talking to its parent.
 *
 * <p>What a session may do (issue 23): on stdio, {@code --scope} and {@code --apps} say it
 * ({@code operate} on every app by default, see {@link StdioOptions}); over HTTP each request's
 * token says it, so the two options are refused with {@code --port} rather than silently ignored:
 * a user who wrote {@code --port 8765 --scope read} must not believe the server is read-only.
 */
@Command(name = "mcp-server")
final class McpServerCommand extends AbstractCommand {
    @Option(names = "--port", paramLabel = "<port>", descriptionKey = "port")
    Integer port;

    /** --host, --token, --token-file, --allowed-host: as velos api's, the token from $VELOS_MCP_TOKEN. */
    @Mixin
    HttpServerOptions http;

    @Option(names = "--scope", paramLabel = "<scope>", descriptionKey = "scope", completionCandidates = ScopeNames.class)
    String scope;

    @Option(names = "--apps", paramLabel = "<name>", descriptionKey = "apps", split = ",")
    List<String> apps = new ArrayList<>();

    @Override
    int execute() {
        CliContext context = context();
        DaemonAccess daemon = new DaemonAccess(context.socket(), context.timeout(),
                () -> context.daemonStarter().start(context.home(), context.socket(), CliContext.DAEMON_START_WAIT));
        if (port == null) {
            return StdioMcpServer.run(daemon, context.cwd(), stdioOptions(context));
        }
        if (scope != null || !apps.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--scope and --apps are for the stdio server; over HTTP"
                    + " (--port) each request's token carries its scope and apps: create one with 'velos token create"
                    + " --scope <scope> --apps <name,...>'");
        }
        HttpOptions options;
        HttpMcpServer server;
        try {
            ApiToken chosen = http.token(context, err(), "VELOS_MCP_TOKEN").orElseGet(() -> ApiToken.ofHome(context.home()));
            options = new HttpOptions(http.host, port, chosen, http.allowedHosts, context.home());
            server = HttpMcpServer.start(options, daemon, context.cwd());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), null, ExitCode.USAGE, e);
        } catch (VelosException e) {
            throw HttpServerOptions.refused(e);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage(), "Pick another --port, or stop what listens there.", ExitCode.RUNTIME, e);
        }
        server.printBanner(System.err, options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "velos-mcp-stop"));
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }

    /** The stdio session's scope and apps; a bad scope or app name is a usage error. */
    private StdioOptions stdioOptions(CliContext context) {
        try {
            // An explicit --scope '' is a mistake, not a request for the default.
            return StdioOptions.parse(scope == null ? "" : Scope.parse(scope).wireName(), apps, context.home());
        } catch (VelosException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            throw e;
        }
    }
}
