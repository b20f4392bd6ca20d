// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.velos.ipc.StreamingResponse;
import dev.velos.ipc.WireTypes;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessEvent;
import dev.velos.supervisor.ProcessListener;

/**
 * Fans the supervisor's lifecycle events out to {@code events} subscribers. The supervisor calls
 * {@link #onEvent} on its loop thread, so handing an event over is one non-blocking offer per
 * subscriber; a subscriber whose queue is full has stopped reading and is dropped (its stream
 * ends) instead of holding memory or slowing the loop.
 */
final class EventHub implements ProcessListener {
    /** Events a subscriber may lag behind: a crash loop of every app at once still fits. */
    private static final int QUEUE = 4096;

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    private record Subscriber(BlockingQueue<WireTypes.EventView> queue, AtomicBoolean overflowed) {
    }

    @Override
    public void onEvent(ProcessEvent event) {
        if (subscribers.isEmpty()) {
            return;
        }
        publish(EventViews.of(event));
    }

    @Override
    public void onOrchestrationEvent(OrchestrationEvent event) {
        publish(subscribers.isEmpty() ? null : EventViews.of(event));
    }

    private void publish(WireTypes.EventView view) {
        if (view == null) {
            return;
        }
        for (Subscriber s : subscribers) {
            if (!s.queue().offer(view)) {
                s.overflowed().set(true);
            }
        }
    }

    /** A stream of every event from now on, until the client closes or falls {@value #QUEUE} events behind. */
    StreamingResponse subscribe() {
        return sink -> {
            Subscriber me = new Subscriber(new ArrayBlockingQueue<>(QUEUE), new AtomicBoolean());
            subscribers.add(me);
            try {
                while (sink.isOpen() && !me.overflowed().get()) {
                    WireTypes.EventView next = me.queue().poll(1, TimeUnit.SECONDS);
                    if (next != null && !sink.send(next)) {
                        return;
                    }
                }
            } finally {
                subscribers.remove(me);
            }
        };
    }

}
