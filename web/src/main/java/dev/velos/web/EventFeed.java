// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

/**
 * The daemon's lifecycle events, as they happen, for the WebSocket and OpenTelemetry: one
 * {@code events} stream on a virtual thread, reopened a second after the daemon goes away (so a
 * daemon restart does not end the feed). Listeners run on that thread and must not block.
 */
final class EventFeed implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventFeed.class.getName());

    private final DaemonLink daemon;
    private final List<Consumer<WireTypes.EventView>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile VelosClient current;
    private Thread thread;

    EventFeed(DaemonLink daemon) {
        this.daemon = daemon;
    }

    void listen(Consumer<WireTypes.EventView> listener) {
        listeners.add(listener);
    }

    void start() {
        thread = Thread.ofVirtual().name("velos-event-feed").start(this::run);
    }

    private void run() {
        while (running) {
            try (VelosClient client = daemon.openStream()) {
                current = client;
                client.events(event -> {
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
