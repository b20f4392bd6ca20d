// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.EventFeed;
import dev.velos.ipc.HttpAccess;

/**
 * The entry points of {@code velos api} (REST + WebSocket + {@code /metrics}) and
 * {@code velos metrics} ({@code /metrics} only). Both reach the daemon only through
 * {@link dev.velos.ipc.VelosClient}, keep running while the daemon is down (answering 502, or
 * {@code velos_daemon_up 0}), and run until SIGTERM/SIGINT.
 */
public final class ObservabilityServer {
    /** Scrapes and lists share one daemon round trip per this period at most. */
    static final Duration STATE_MAX_AGE = Duration.ofMillis(500);
    static final Duration WS_INTERVAL = Duration.ofSeconds(2);
    private static final String API_PREFIX = "[velos-api] ";
    private static final String METRICS_PREFIX = "[velos-metrics] ";

    /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger JETTY_LOG = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    static {
        // Jetty's start-up chatter (versions, connectors) is noise on a CLI's stderr; its warnings are not.
        JETTY_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Server server;

    private ObservabilityServer() {
    }

    /** {@code velos api}: blocks until the process is told to stop; returns the exit code. */
    public static int runApi(ServerOptions options, PrintStream out, PrintStream err) {
        ServerAccess access = ServerAccess.forApi(options, API_PREFIX);
        ObservabilityServer s = new ObservabilityServer();
        int port = s.startApi(options, access.access());
        s.otelNotice(options, err); // before the listening line, which tells scripts the server is ready
        access.notices().forEach(err::println);
        DashboardLink link = new DashboardLink(options.host(), port);
        err.println(API_PREFIX + "Dashboard at " + link.page() + " (it asks for the token)");
        if (DashboardLink.onTerminal()) {
            access.token().ifPresent(t -> out.println("Open the dashboard: " + link.withToken(t)));
            out.flush();
        }
        err.println(API_PREFIX + "Listening on http://" + hostForUrl(options.host()) + ":" + port);
        return s.awaitStop();
    }

    /** {@code velos metrics}: blocks until the process is told to stop; returns the exit code. */
    public static int runMetrics(ServerOptions options, PrintStream out, PrintStream err) {
        ServerAccess access = ServerAccess.forMetrics(options, METRICS_PREFIX);
        ObservabilityServer s = new ObservabilityServer();
        int port = s.startMetrics(options, access.access());
        s.otelNotice(options, err);
        access.notices().forEach(err::println);
        out.println("Prometheus metrics server listening on http://" + hostForUrl(options.host()) + ":" + port + "/metrics");
        out.flush();
        return s.awaitStop();
    }

    private int startApi(ServerOptions o, HttpAccess access) {
        DaemonLink daemon = own(new DaemonLink(o.socket(), dev.velos.ipc.VelosClient.DEFAULT_TIMEOUT));
        StateCache state = new StateCache(daemon, STATE_MAX_AGE);
        EventFeed feed = own(new EventFeed(o.socket(), dev.velos.ipc.VelosClient.DEFAULT_TIMEOUT));
        LiveUpdates live = own(new LiveUpdates(daemon, state, WS_INTERVAL));
        feed.listen(event -> state.invalidate()); // a change shows at once, not after the cache period
        feed.listen(live::onEvent);
        startOtel(o, state, feed);
        feed.start();
        server = JettyServers.create(o.host(), o.port(), "velos-api");
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping(LiveSocket.PATH, (request, response, callback) -> {
                // A token offered as a subprotocol must be echoed, or the client aborts the handshake.
                request.getSubProtocols().stream().findFirst().ifPresent(response::setAcceptedSubProtocol);
                return new LiveSocket(live, AccessGuard.grantOf(request));
            });
        });
        ws.setHandler(new ApiRoutes(daemon, state, o.baseDir(), new Audit(AuditLog.in(o.home()))));
        return start(new SecurityHeaders(new AccessGuard(access, ws)));
    }

    private int startMetrics(ServerOptions o, HttpAccess access) {
        DaemonLink daemon = own(new DaemonLink(o.socket(), dev.velos.ipc.VelosClient.DEFAULT_TIMEOUT));
        StateCache state = new StateCache(daemon, STATE_MAX_AGE);
        if (o.otelEndpoint().isPresent()) {
            EventFeed feed = own(new EventFeed(o.socket(), dev.velos.ipc.VelosClient.DEFAULT_TIMEOUT));
            startOtel(o, state, feed);
            feed.start();
        }
        server = JettyServers.create(o.host(), o.port(), "velos-metrics");
        MetricsHandler metrics = new MetricsHandler(state);
        return start(new AccessGuard(access, new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!Request.getPathInContext(request).equals("/metrics")) {
                    HttpJson.error(request, response, callback, new ApiError(404, "not found; metrics are at /metrics"));
                } else if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                    HttpJson.error(request, response, callback, ApiError.methodNotAllowed(request.getMethod(), "GET"));
                } else if (!AccessGuard.grantOf(request).seesEveryApp()) {
                    HttpJson.error(request, response, callback, new ApiError(403, "/metrics covers every app; this token is "
                            + "limited to some (use a token created without --apps)"));
                } else {
                    metrics.handle(request, response, callback);
                }
                return true;
            }
        }));
    }

    private void startOtel(ServerOptions o, StateCache state, EventFeed feed) {
        o.otelEndpoint().ifPresent(url -> {
            OtelExport otel = own(new OtelExport(url, o.otelInterval(), state));
            feed.listen(otel::onEvent);
        });
    }

    private void otelNotice(ServerOptions o, PrintStream err) {
        o.otelEndpoint().ifPresent(url -> err.println("OpenTelemetry exporter configured → " + url
                + " (metrics every " + o.otelInterval().toMillis() + " ms, lifecycle events as log records)"));
    }

    private int start(Handler handler) {
        try {
            int port = JettyServers.start(server, handler);
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "velos-http-shutdown"));
            return port;
        } catch (RuntimeException e) {
            closeResources();
            throw e;
        }
    }

    private int awaitStop() {
        while (true) {
            try {
                stopped.await();
                return 0;
            } catch (InterruptedException e) {
                // Only stop() ends the server.
            }
        }
    }

    private void stop() {
        JettyServers.stopQuietly(server);
        closeResources();
        stopped.countDown();
    }

    private void closeResources() {
        for (AutoCloseable r : resources.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                // Shutting down: a resource that fails to close has nothing left to protect.
            }
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
