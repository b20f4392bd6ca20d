// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.concurrent.Executors;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds the Jetty servers of {@code velos api} and {@code velos metrics}: a few platform threads
 * for the selectors, and every request handler on its own virtual thread (DESIGN §5), so a
 * handler may block on the daemon's socket without tying up a pool thread.
 */
final class JettyServers {
    private JettyServers() {
    }

    static Server create(String host, int port, String threadName) {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName(threadName);
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(threadName + "-vt-", 0)
                .factory()));
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopTimeout(2000);
        server.setErrorHandler(new JsonErrorHandler());
        return server;
    }

    /** Starts {@code server} with {@code handler}; returns the port it listens on (useful with port 0). */
    static int start(Server server, Handler handler) {
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new WebException("cannot listen: " + why, e);
        }
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping on the way out; there is nothing left to report it to.
        }
    }
}
