// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The daemon's lifecycle events, as they happen, for the long-running clients (the WebSocket and
 * OpenTelemetry of {@code velos api}, the MCP server's notifications): one {@code events} stream
 * on a virtual thread, reopened a second after the daemon goes away (so a daemon stopped and
 * started again, or one started after the client, does not end the feed). A daemon restart
 * ({@code velos daemon restart}) is followed at once, and either way the feed first gets the
 * events it missed that the daemon still holds ({@link EventCursor}). Listeners run on that
 * thread and must not block.
 */
public final class EventFeed implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventFeed.class.getName());

    private final Path socket;
    private final Duration timeout;
    private final List<Consumer<WireTypes.EventView>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile VelosClient current;
    /** Where the feed is in the daemon's events, kept across connections. */
    private final EventCursor cursor = new EventCursor();
    private Thread thread;

    /** A feed from the daemon at {@code socket}; {@code timeout} bounds connecting and the request. */
    public EventFeed(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** Adds a listener; add them all before {@link #start}. */
    public void listen(Consumer<WireTypes.EventView> listener) {
        listeners.add(listener);
    }

    /** Starts following the daemon's events. */
    public void start() {
        thread = Thread.ofVirtual().name("velos-event-feed").start(this::run);
    }

    private void run() {
        while (running) {
            try (VelosClient client = VelosClient.connect(socket, timeout)) {
                current = client;
                client.events(cursor, event -> {
                    for (Consumer<WireTypes.EventView> l : listeners) {
                        try {
                            l.accept(event);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "event listener failed", e);
                        }
                    }
                    return running;
                });
            } catch (IpcException e) {
                LOG.log(System.Logger.Level.DEBUG, "event stream: " + e.getMessage());
            } catch (java.nio.channels.ClosedSelectorException e) {
                // close() closed the connection under the waiting stream: the feed is over.
            }
            if (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        VelosClient c = current;
        if (c != null) {
            c.close();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
