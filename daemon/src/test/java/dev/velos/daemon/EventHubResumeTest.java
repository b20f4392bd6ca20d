// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.ipc.StreamingResponse;
import dev.velos.ipc.WireTypes;
import dev.velos.model.ProcessEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code events} subscriber whose connection broke picks up where it was (issue 20): on the
 * same daemon after the last event it got, or — coming from another daemon, whose successor this
 * is — with every event this daemon kept; never one twice.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventHubResumeTest {
    private static final long OWN_PID = ProcessHandle.current().pid();

    /** The names of the events a subscription with {@code from} gets, until {@code count} came. */
    private static List<String> take(EventHub hub, WireTypes.EventsArgs from, int count) throws InterruptedException {
        List<String> names = new CopyOnWriteArrayList<>();
        StreamingResponse stream = hub.subscribe(from);
        Thread subscriber = Thread.ofVirtual().start(() -> {
            try {
                stream.stream(new StreamingResponse.EventSink() {
                    @Override
                    public boolean send(Object event) {
                        WireTypes.EventView view = (WireTypes.EventView) event;
                        names.add(view.name() + "#" + view.seq());
                        return names.size() < count;
                    }

                    @Override
                    public boolean isOpen() {
                        return names.size() < count;
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        subscriber.join(10_000);
        return names;
    }

    private static void stopped(EventHub hub, String name) {
        hub.onEvent(new ProcessEvent.Stopped(1, name, Instant.now()));
    }

    @Test
    void onTheSameDaemonOnlyTheEventsAfterTheLastOneSeenAreSentAgain() throws Exception {
        EventHub hub = new EventHub();
        stopped(hub, "a");
        stopped(hub, "b");
        stopped(hub, "c");
        assertThat(take(hub, new WireTypes.EventsArgs(OWN_PID, 1, 0), 2)).containsExactly("b#2", "c#3");
    }

    @Test
    void comingFromAnotherDaemonEveryKeptEventIsSentThenTheLiveOnes() throws Exception {
        EventHub hub = new EventHub();
        stopped(hub, "a");
        stopped(hub, "b");
        List<String>[] got = new List[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                got[0] = take(hub, new WireTypes.EventsArgs(OWN_PID + 1, 57, 0), 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (t.isAlive()) {
            stopped(hub, "live");
            Thread.sleep(50);
        }
        assertThat(got[0]).startsWith("a#1", "b#2").hasSize(3);
        assertThat(got[0].get(2)).startsWith("live#");
    }

    @Test
    void aNewSubscriberGetsOnlyTheEventsFromNowOn() throws Exception {
        EventHub hub = new EventHub();
        stopped(hub, "old");
        List<String>[] got = new List[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                got[0] = take(hub, WireTypes.EventsArgs.LIVE, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (t.isAlive()) {
            stopped(hub, "new");
            Thread.sleep(50);
        }
        assertThat(got[0]).singleElement().asString().startsWith("new#");
    }

    @Test
    void withNoEventSeenYetTheSameDaemonSendsThoseSinceTheSubscriptionBegan() throws Exception {
        EventHub hub = new EventHub();
        stopped(hub, "before");
        Thread.sleep(20);
        long began = System.currentTimeMillis();
        Thread.sleep(20);
        stopped(hub, "after");
        assertThat(take(hub, new WireTypes.EventsArgs(OWN_PID, 0, began), 1)).containsExactly("after#2");
    }
}
