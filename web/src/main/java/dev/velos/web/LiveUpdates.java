// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;
import dev.velos.model.Level;

/**
 * What {@code /ws} clients receive: {@code process_update} frames (REFERENCE §11.4) every
 * {@code interval} and right after every lifecycle change, {@code event} frames for each
 * lifecycle event, and {@code log} frames for the apps a client subscribed to (also apps started
 * after the subscription). One daemon log stream per subscribed app serves every client; it ends
 * once no client wants that app.
 */
final class LiveUpdates implements AutoCloseable {
    private final DaemonLink daemon;
    private final StateCache state;
    private final Duration interval;
    private final Set<LiveSocket> clients = ConcurrentHashMap.newKeySet();
    private final Set<String> followed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean updatePending = new AtomicBoolean();
    private volatile boolean running = true;
    private final Thread ticker;

    LiveUpdates(DaemonLink daemon, StateCache state, Duration interval) {
        this.daemon = daemon;
        this.state = state;
        this.interval = interval;
        this.ticker = Thread.ofVirtual().name("velos-ws-ticker").start(this::tick);
    }

    void joined(LiveSocket client) {
        clients.add(client);
        broadcastUpdatesSoon();
    }

    void left(LiveSocket client) {
        clients.remove(client);
    }

    /** A lifecycle event: tell every client, then send fresh process updates. */
    void onEvent(WireTypes.EventView event) {
        if (clients.isEmpty()) {
            return;
        }
        if ((event.type().equals("start") || event.type().equals("restart"))
                && clients.stream().anyMatch(c -> c.wantsLogsOf(event.name()))) {
            subscribeLogs(event.name()); // a subscription made before the app existed starts now
        }
        String frame = HttpJson.text(HttpJson.object().put("type", "event").set("data", ProcessNodes.event(event)));
        clients.stream().filter(c -> c.sees(event.name())).forEach(c -> c.send(frame));
        state.invalidate();
        broadcastUpdatesSoon();
    }

    private void tick() {
        while (running) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (!clients.isEmpty()) {
                broadcastUpdates();
            }
        }
    }

    /** Coalesces a burst of events (a crash loop) into one round of updates. */
    private void broadcastUpdatesSoon() {
        if (updatePending.compareAndSet(false, true)) {
            Thread.ofVirtual().name("velos-ws-update").start(() -> {
                updatePending.set(false);
                broadcastUpdates();
            });
        }
    }

    private void broadcastUpdates() {
        DaemonState s = state.get();
        for (WireTypes.ProcessView p : s.processes()) {
            String frame = HttpJson.text(HttpJson.object().put("type", "process_update").set("data", ProcessNodes.update(p)));
            clients.stream().filter(c -> c.sees(p.name())).forEach(c -> c.send(frame));
        }
    }

    /** Starts the shared log stream of {@code name} unless one runs already. */
    void subscribeLogs(String name) {
        if (!followed.add(name)) {
            return;
        }
        Thread.ofVirtual().name("velos-ws-logs-" + name).start(() -> {
            try (VelosClient client = daemon.openStream()) {
                client.follow(name, 0, "all", line -> {
                    boolean wanted = false;
                    String frame = null;
                    for (LiveSocket c : clients) {
                        if (c.wantsLogsOf(name)) {
                            if (frame == null) {
                                frame = logFrame(line);
                            }
                            c.send(frame);
                            wanted = true;
                        }
                    }
                    return running && wanted;
                });
            } catch (IpcException e) {
                String frame = HttpJson.text(HttpJson.object().put("type", "error")
                        .put("message", "cannot follow the logs of " + name + ": " + e.getMessage()));
                clients.stream().filter(c -> c.wantsLogsOf(name)).forEach(c -> c.send(frame));
            } finally {
                followed.remove(name);
            }
        });
    }

    private static String logFrame(WireTypes.LogEntry line) {
        Level level = line.levelOrDefault();
        ObjectNode data = LogRoute.line(line, level);
        data.put("id", line.id());
        return HttpJson.text(HttpJson.object().put("type", "log").set("data", data));
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
    }
}
