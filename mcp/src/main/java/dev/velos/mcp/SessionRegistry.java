// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;

/**
 * The live MCP sessions, for what the server sends unasked, and the gate every per-session
 * notification passes. The SDK keeps its sessions inside the transport, and its server can send
 * a logging notification only in answer to a request; so the transport the server is built on is
 * wrapped ({@link #tracking(McpServerTransportProvider)}), which sees each session as it is made
 * and each {@code notifications/resources/updated} the SDK sends to a subscriber. Such an update
 * about an app the session may not see is dropped, so a session limited to {@code --apps api}
 * that subscribes to {@code velos://apps/worker} learns nothing about worker.
 */
final class SessionRegistry {
    private static final System.Logger LOG = System.getLogger(SessionRegistry.class.getName());

    private final Map<String, McpLoggableSession> sessions = new ConcurrentHashMap<>();
    private final SessionAccess access;

    SessionRegistry(SessionAccess access) {
        this.access = access;
    }

    /** Sends a logging notification to every session whose level and grant allow it, about {@code app}. */
    void log(String app, McpSchema.LoggingMessageNotification message) {
        sessions.forEach((id, session) -> {
            if (session.isNotificationForLevelAllowed(message.level())
                    && access.sessionGrant(id).filter(g -> g.sees(app)).isPresent()) {
                session.sendNotification(McpSchema.METHOD_NOTIFICATION_MESSAGE, message)
                        .subscribe(null, e -> LOG.log(System.Logger.Level.DEBUG, "session " + id + ": " + e.getMessage()));
            }
        });
    }

    /** Forgets a session its client ended. */
    void ended(String sessionId) {
        sessions.remove(sessionId);
        access.ended(sessionId);
    }

    int size() {
        return sessions.size();
    }

    /** Whether a notification the SDK is about to send to {@code sessionId} may go. */
    private boolean allowed(String sessionId, String method, Object params) {
        if (!McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED.equals(method)
                || !(params instanceof McpSchema.ResourcesUpdatedNotification n)) {
            return true;
        }
        return AppResources.appOf(n.uri()).map(app -> access.sessionGrant(sessionId).filter(g -> g.sees(app)).isPresent())
                .orElseGet(() -> access.sessionGrant(sessionId).isPresent());
    }

    /** {@code stdio} as the server should see it: sessions noted, updates gated. */
    McpServerTransportProvider tracking(McpServerTransportProvider stdio) {
        final class Tracked extends Gated<McpServerTransportProvider> implements McpServerTransportProvider {
            Tracked() {
                super(stdio);
            }

            @Override
            public void setSessionFactory(McpServerSession.Factory factory) {
                stdio.setSessionFactory(transport -> {
                    McpServerSession s = factory.create(transport);
                    sessions.put(s.getId(), s);
                    return s;
                });
            }
        }
        return new Tracked();
    }

    /** The Streamable HTTP transport as the server should see it: sessions noted, updates gated. */
    McpStreamableServerTransportProvider tracking(McpStreamableServerTransportProvider http) {
        final class Tracked extends Gated<McpStreamableServerTransportProvider> implements McpStreamableServerTransportProvider {
            Tracked() {
                super(http);
            }

            @Override
            public void setSessionFactory(McpStreamableServerSession.Factory factory) {
                http.setSessionFactory(request -> {
                    McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(request);
                    sessions.put(init.session().getId(), init.session());
                    return init;
                });
            }
        }
        return new Tracked();
    }

    /** What both transports share: everything passes to the real one, but a per-session update passes the gate. */
    private abstract class Gated<P extends McpServerTransportProviderBase> implements McpServerTransportProviderBase {
        private final P delegate;

        Gated(P delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            return delegate.notifyClients(method, params);
        }

        @Override
        public Mono<Void> notifyClient(String sessionId, String method, Object params) {
            return allowed(sessionId, method, params) ? delegate.notifyClient(sessionId, method, params) : Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }
}
