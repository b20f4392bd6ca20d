// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.Optional;

import dev.velos.mcp.DaemonAccess;
import dev.velos.mcp.HttpMcpServer;
import dev.velos.mcp.HttpOptions;
import dev.velos.mcp.StdioMcpServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code velos mcp-server}: the MCP server (REFERENCE §10) on stdio, or on Streamable HTTP with
 * {@code --port}. Long-running; the MCP classes load only when this command runs. Tools that
 * need a daemon start one like any other command (process_start), through the CLI's launcher.
 */
@Command(name = "mcp-server")
final class McpServerCommand extends AbstractCommand {
    @Option(names = "--port", paramLabel = "<port>", descriptionKey = "port")
    Integer port;

    @Option(names = "--host", paramLabel = "<address>", descriptionKey = "host")
    String host = HttpOptions.DEFAULT_HOST;

    @Option(names = "--token", paramLabel = "<secret>", descriptionKey = "token")
    String token;

    @Override
    int execute() {
        CliContext context = context();
        DaemonAccess daemon = new DaemonAccess(context.socket(), context.timeout(),
                () -> context.daemonStarter().start(context.home(), context.socket(), CliContext.DAEMON_START_WAIT));
        if (port == null) {
            return StdioMcpServer.run(daemon, context.cwd());
        }
        HttpOptions options;
        try {
            options = new HttpOptions(host, port, Optional.ofNullable(token).or(() -> Optional.ofNullable(context.env()
                    .get("VELOS_MCP_TOKEN"))));
        } catch (IllegalArgumentException e) {
            err().println("Error: " + e.getMessage());
            return ExitCode.USAGE;
        }
        HttpMcpServer server;
        try {
            server = HttpMcpServer.start(options, daemon, context.cwd());
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
