// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.ApiToken;
import dev.velos.mcp.DaemonAccess;
import dev.velos.mcp.HttpMcpServer;
import dev.velos.mcp.HttpOptions;
import dev.velos.mcp.StdioMcpServer;
import dev.velos.model.VelosException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code velos mcp-server}: the MCP server (REFERENCE §10) on stdio, or on Streamable HTTP with
 * {@code --port}. Long-running; the MCP classes load only when this command runs. Tools that
 * need a daemon start one like any other command (process_start), through the CLI's launcher.
 * Over HTTP every request needs the bearer token (the runtime directory's token file unless one
 * is given); stdio needs none: it is the user's own process talking to its parent.
 */
@Command(name = "mcp-server")
final class McpServerCommand extends AbstractCommand {
    @Option(names = "--port", paramLabel = "<port>", descriptionKey = "port")
    Integer port;

    @Option(names = "--host", paramLabel = "<address>", descriptionKey = "host")
    String host = HttpOptions.DEFAULT_HOST;

    @Option(names = "--token", paramLabel = "<secret>", descriptionKey = "token")
    String token;

    @Option(names = "--token-file", paramLabel = "<path>", descriptionKey = "token-file")
    String tokenFile;

    @Option(names = "--allowed-host", paramLabel = "<name>", descriptionKey = "allowed-host")
    List<String> allowedHosts = new ArrayList<>();

    @Override
    int execute() {
        CliContext context = context();
        DaemonAccess daemon = new DaemonAccess(context.socket(), context.timeout(),
                () -> context.daemonStarter().start(context.home(), context.socket(), CliContext.DAEMON_START_WAIT));
        if (port == null) {
            return StdioMcpServer.run(daemon, context.cwd());
        }
        HttpOptions options;
        HttpMcpServer server;
        try {
            ApiToken chosen = HttpServerOptions.chosenToken(context, err(), tokenFile, token, "VELOS_MCP_TOKEN")
                    .orElseGet(() -> ApiToken.ofHome(context.home()));
            options = new HttpOptions(host, port, chosen, allowedHosts);
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
}
