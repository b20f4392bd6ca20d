// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.StreamingResponse;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The daemon's observability commands: the {@code events} stream, {@code daemon.stats}, the log line counters. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonObservabilityTest {
    @TempDir
    Path home;

    @Test
    void streamsLifecycleEventsCountsLinesAndReportsItself() throws Exception {
        Path socket = home.resolve("velos.sock");
        Thread daemon = Thread.ofPlatform().start(() -> Daemon.run(new DaemonOptions(home, socket, false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (VelosClient c = VelosClient.connect(socket, Duration.ofSeconds(5))) {
                return c.ping() != null;
            } catch (DaemonUnavailableException e) {
                return false; // the socket file appears a moment before the daemon listens
            }
        });
        List<WireTypes.EventView> events = new CopyOnWriteArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        Thread listener = Thread.ofVirtual().start(() -> {
            try (VelosClient c = VelosClient.connect(socket, Duration.ofSeconds(20))) {
                subscribed.countDown();
                c.events(e -> {
                    events.add(e);
                    return true;
                });
            }
        });
        try (VelosClient client = VelosClient.connect(socket, Duration.ofSeconds(20))) {
            subscribed.await();
            // The subscription is registered when the daemon handles the request; wait until it does.
            await().until(() -> {
                client.start(new WireTypes.StartArgs("probe" + events.size(), "/bin/sh", List.of("-c", "exit 0"), "/tmp", "",
                        Map.of(), false, 0, 1000L, 0L, false, 5000L));
                return !events.isEmpty();
            });
            client.start(new WireTypes.StartArgs("crash", "/bin/sh", List.of("-c", "echo a; echo b; echo c >&2; exit 3"),
                    "/tmp", "", Map.of(), false, 0, 1000L, 0L, false, 5000L));
            await().until(() -> events.stream().anyMatch(e -> e.name().equals("crash") && e.type().equals("crash")));
            WireTypes.EventView start = events.stream().filter(e -> e.name().equals("crash") && e.type().equals("start"))
                    .findFirst().orElseThrow();
            WireTypes.EventView crash = events.stream().filter(e -> e.name().equals("crash") && e.type().equals("crash"))
                    .findFirst().orElseThrow();
            assertThat(crash.exitCode()).isEqualTo(3);
            assertThat(crash.pid()).isEqualTo(start.pid()).isPositive();
            assertThat(crash.atMs()).isGreaterThanOrEqualTo(start.atMs());

            await().untilAsserted(() -> assertThat(client.info("crash").getFirst()).satisfies(v -> {
                assertThat(v.logLinesOut()).isEqualTo(2);
                assertThat(v.logLinesErr()).isEqualTo(1);
            }));
            WireTypes.DaemonStats first = client.daemonStats();
            WireTypes.DaemonStats second = client.daemonStats();
            assertThat(first.memoryBytes()).isPositive();
            assertThat(first.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(second.ipcRequests()).isGreaterThan(first.ipcRequests());
            assertThat(second.uptimeMs()).isGreaterThanOrEqualTo(first.uptimeMs());
            client.kill();
        }
        listener.join(TimeUnit.SECONDS.toMillis(20));
        daemon.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(listener.isAlive()).as("the events stream ends when the daemon stops").isFalse();
    }

    @Test
    void eventsMapToTheirWireTypes() {
        Instant at = Instant.ofEpochMilli(1000);
        assertThat(EventViews.of(new ProcessEvent.Started(1, "a", at, 10, false)).type()).isEqualTo("start");
        assertThat(EventViews.of(new ProcessEvent.Started(1, "a", at, 10, true)).type()).isEqualTo("restart");
        WireTypes.EventView crash = EventViews.of(new ProcessEvent.Exited(1, "a", at, 10, ExitStatus.exited(2), false));
        assertThat(crash.type()).isEqualTo("crash");
        assertThat(crash.exitCode()).isEqualTo(2);
        assertThat(EventViews.of(new ProcessEvent.Exited(1, "a", at, 10, ExitStatus.killed(15), true)).type()).isEqualTo("exit");
        assertThat(EventViews.of(new ProcessEvent.Exited(1, "a", at, 10, ExitStatus.exited(0), false)).type()).isEqualTo("exit");
        assertThat(EventViews.of(new ProcessEvent.TriggeredRestart(1, "a", at, "memory")).type()).isEqualTo("memory_restart");
        assertThat(EventViews.of(new ProcessEvent.TriggeredRestart(1, "a", at, "cron")).reason()).isEqualTo("cron");
        assertThat(EventViews.of(new ProcessEvent.CrashLoop(1, "a", at, 15)).type()).isEqualTo("errored");
        assertThat(EventViews.of(new ProcessEvent.Stopped(1, "a", at)).type()).isEqualTo("stop");
    }

    /** A subscriber that stops reading is dropped once its queue is full, instead of growing without bound. */
    @Test
    void aSubscriberThatStopsReadingIsDropped() throws Exception {
        EventHub hub = new EventHub();
        CountDownLatch firstSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StreamingResponse stream = hub.subscribe(WireTypes.EventsArgs.LIVE);
        Thread subscriber = Thread.ofVirtual().start(() -> {
            try {
                stream.stream(new StreamingResponse.EventSink() {
                    @Override
                    public boolean send(Object event) {
                        firstSent.countDown();
                        try {
                            release.await(); // a client that does not read
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return true;
                    }

                    @Override
                    public boolean isOpen() {
                        return true;
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(() -> {
            hub.onEvent(new ProcessEvent.Stopped(1, "a", Instant.now()));
            return firstSent.getCount() == 0;
        });
        for (int i = 0; i < 10_000; i++) {
            hub.onEvent(new ProcessEvent.Stopped(1, "a", Instant.now()));
        }
        release.countDown();
        subscriber.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(subscriber.isAlive()).isFalse();
    }
}
