// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.Grant;
import dev.velos.ipc.HttpAccess;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;

/**
 * {@code velos mcp-server --port P}: the MCP Streamable HTTP transport (the SDK's servlet) on Jetty
 * with virtual threads, at {@code /mcp}, behind {@link RequestGuard}; {@code GET /health} answers
 * without a token so monitors can probe it (it says nothing about apps). Each request is judged
 * by the token it carries: the server's own token is {@code admin}, a named token has its scope.
 */
public final class HttpMcpServer implements AutoCloseable {
    static final String ENDPOINT = "/mcp";
    static final String PROTOCOL_HEADER = "MCP-Protocol-Version";

    private final Server jetty;
    private final VelosMcpServer mcp;

    private HttpMcpServer(Server jetty, VelosMcpServer mcp) {
        this.jetty = jetty;
        this.mcp = mcp;
    }

    /** Binds and starts serving; throws {@link IllegalStateException} when the address cannot be bound. */
    public static HttpMcpServer start(HttpOptions options, DaemonAccess daemon, Path cwd) {
        VelosMcpServer.quietLibraries();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(VelosMcpServer.json()).mcpEndpoint(ENDPOINT).keepAliveInterval(Duration.ofSeconds(30))
                // Clients on 2025-06-18 or later name their protocol version on every request after initialize;
                // the guard has put the caller's grant on the request.
                .contextExtractor(HttpMcpServer::context)
                .build();
        HttpAccess rules = RequestGuard.rules(options);
        SessionAccess access = SessionAccess.http(rules::stillValid, AuditLog.in(options.home()));
        SessionRegistry sessions = new SessionRegistry(access);
        ToolAdapter tools = new ToolAdapter(VelosMcpServer.json(), exchange -> Optional.ofNullable(
                exchange.transportContext().get(PROTOCOL_HEADER)).map(String::valueOf).filter(v -> !v.isEmpty()), access);
        VelosMcpServer mcp = VelosMcpServer.on(transport, new VelosMcpServer.Parts(tools, daemon, cwd, access), sessions);

        Server jetty = new Server(new VirtualThreadPool());
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(options.host());
        connector.setPort(options.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("mcp", transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, ENDPOINT);
        context.addServlet(new ServletHolder("health", new Health()), RequestGuard.HEALTH);
        FilterHolder guard = new FilterHolder(new RequestGuard(rules, sessions, access));
        guard.setAsyncSupported(true);
        context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            mcp.closeGracefully();
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // Already failing to start; the bind error below is what the user needs.
            }
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        return new HttpMcpServer(jetty, mcp);
    }

    /** What a request tells the MCP server: its protocol version header, and its caller's grant (set by the guard). */
    private static McpTransportContext context(HttpServletRequest request) {
        Map<String, Object> values = new java.util.HashMap<>();
        values.put(PROTOCOL_HEADER, Optional.ofNullable(request.getHeader(PROTOCOL_HEADER)).orElse(""));
        if (request.getAttribute(SessionAccess.GRANT_KEY) instanceof Grant g) {
            values.put(SessionAccess.GRANT_KEY, g);
        }
        return McpTransportContext.create(values);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** Prints where to connect and where the token is, on {@code err}; the token itself is never printed. */
    public void printBanner(PrintStream err, HttpOptions options) {
        String base = "http://" + (options.host().contains(":") ? "[" + options.host() + "]" : options.host()) + ":" + port();
        if (!HttpAccess.isLoopback(options.host())) {
            err.println("[velos] Warning: " + options.host() + " is reachable from other machines over plain HTTP: the "
                    + "token and every answer cross the network unencrypted; put a TLS reverse proxy in front (docs/SECURITY.md)");
        }
        err.println("[velos] Bearer token required: " + options.token().whereToFind());
        err.println("[velos] MCP server (Streamable HTTP) listening on " + base + ENDPOINT);
        err.println("[velos] Health: " + base + RequestGuard.HEALTH);
        err.println("[velos] Client config: {\"mcpServers\": {\"velos\": {\"type\": \"http\", \"url\": \"" + base + ENDPOINT
                + "\", \"headers\": {\"Authorization\": \"Bearer <token>\"}}}}");
    }

    /** Blocks until the server stops (SIGTERM/SIGINT run the JVM's shutdown hooks, which stop Jetty). */
    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        mcp.closeGracefully();
        try {
            jetty.stop();
        } catch (Exception e) {
            System.getLogger(HttpMcpServer.class.getName()).log(System.Logger.Level.WARNING, "stopping Jetty failed", e);
        }
    }

    /** {@code GET /health}: REFERENCE §10.3's body. */
    private static final class Health extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/json");
            resp.getWriter().write("{\"server\":\"velos-mcp\",\"status\":\"ok\",\"transport\":\"streamable-http\"}");
        }
    }
}
