// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import com.fasterxml.jackson.databind.JsonNode;

import dev.velos.ipc.Grant;

/**
 * One {@code /ws} client. Outgoing frames wait in a bounded queue and are written one at a time
 * (the next when the previous completed); a client that lets {@value #QUEUE} frames pile up is
 * too slow for a live feed and is disconnected, so no client can make the server buffer without
 * bound. Incoming {@code subscribe}/{@code unsubscribe} messages choose whose log lines it gets.
 * Public only because Jetty binds the listener methods through method handles.
 */
public final class LiveSocket implements Session.Listener.AutoDemanding {
    static final int QUEUE = 256;
    /** Where the WebSocket is mapped. */
    static final String PATH = "/ws";

    private final LiveUpdates hub;
    private final Grant grant;
    private final BlockingQueue<String> outgoing = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Set<String> logSubscriptions = ConcurrentHashMap.newKeySet();
    private volatile Session session;

    LiveSocket(LiveUpdates hub, Grant grant) {
        this.hub = hub;
        this.grant = grant;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        hub.joined(this);
    }

    @Override
    public void onWebSocketText(String message) {
        JsonNode msg;
        try {
            msg = HttpJson.MAPPER.readTree(message);
        } catch (Exception e) {
            send(error("messages must be JSON objects like {\"type\":\"subscribe\",\"logs\":[\"api\"]}"));
            return;
        }
        String type = msg == null ? "" : msg.path("type").asText("");
        JsonNode names = msg == null ? null : msg.get("logs");
        if (!type.equals("subscribe") && !type.equals("unsubscribe") || names == null || !names.isArray()) {
            send(error("unknown message; send {\"type\":\"subscribe\",\"logs\":[\"<name>\"]} or \"unsubscribe\""));
            return;
        }
        for (JsonNode n : names) {
            String name = n.asText("");
            if (name.isEmpty()) {
                continue;
            }
            if (!grant.sees(name)) {
                send(error("process '" + name + "' is outside the apps this token may use ("
                        + String.join(", ", grant.apps()) + ")"));
                continue;
            }
            if (type.equals("subscribe") && logSubscriptions.add(name)) {
                hub.subscribeLogs(name);
            } else if (type.equals("unsubscribe")) {
                logSubscriptions.remove(name);
            }
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        hub.left(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        hub.left(this);
    }

    boolean wantsLogsOf(String name) {
        return logSubscriptions.contains(name);
    }

    /** Whether this client may hear about {@code name}. */
    boolean sees(String name) {
        return grant.sees(name);
    }

    /** Queues one frame; a full queue disconnects the client. */
    void send(String text) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        if (!outgoing.offer(text)) {
            outgoing.clear();
            hub.left(this);
            s.close(1008, "client too slow: more than " + QUEUE + " messages behind", Callback.NOOP);
            return;
        }
        pump();
    }

    private void pump() {
        Session s = session;
        if (s == null || !writing.compareAndSet(false, true)) {
            return;
        }
        String next = outgoing.poll();
        if (next == null) {
            writing.set(false);
            if (!outgoing.isEmpty()) {
                pump(); // a frame arrived between the poll and the reset
            }
            return;
        }
        s.sendText(next, Callback.from(() -> {
            writing.set(false);
            pump();
        }, failure -> {
            writing.set(false);
            hub.left(this);
        }));
    }

    private static String error(String message) {
        return HttpJson.text(HttpJson.object().put("type", "error").put("message", message));
    }
}
