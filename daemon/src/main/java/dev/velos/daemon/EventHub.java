// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

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
 *
 * <p>Each event is numbered ({@code seq}, from 1) and the last {@value #KEPT} are kept, so a
 * subscriber whose connection broke — a daemon restart ends the old daemon's streams — picks up
 * where it was ({@link WireTypes.EventsArgs}): on this daemon after the last event it got, and
 * coming from another daemon (this one's predecessor) with every event this one kept, since they
 * all came after the predecessor's. Numbering, keeping and subscribing share one lock, so a
 * subscriber gets each event once: from the kept ones or live.
 */
final class EventHub implements ProcessListener {
    /** Events a subscriber may lag behind: a crash loop of every app at once still fits. */
    private static final int QUEUE = 4096;
    /** Events kept for subscribers that resume. */
    static final int KEPT = 1024;

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final long ownPid = ProcessHandle.current().pid();
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<WireTypes.EventView> kept = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private long seq;

    private record Subscriber(BlockingQueue<WireTypes.EventView> queue, AtomicBoolean overflowed) {
    }

    @Override
    public void onEvent(ProcessEvent event) {
        publish(EventViews.of(event));
    }

    @Override
    public void onOrchestrationEvent(OrchestrationEvent event) {
        publish(EventViews.of(event));
    }

    private void publish(WireTypes.EventView view) {
        lock.lock();
        try {
            WireTypes.EventView numbered = view.withSeq(++seq);
            kept.addLast(numbered);
            if (kept.size() > KEPT) {
                kept.removeFirst();
            }
            for (Subscriber s : subscribers) {
                if (!s.queue().offer(numbered)) {
                    s.overflowed().set(true);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A stream of the events {@code from} missed that are still kept, then every event from now
     * on, until the client closes or falls {@value #QUEUE} events behind.
     */
    StreamingResponse subscribe(WireTypes.EventsArgs from) {
        return sink -> {
            Subscriber me = new Subscriber(new ArrayBlockingQueue<>(QUEUE), new AtomicBoolean());
            List<WireTypes.EventView> missed;
            lock.lock();
            try {
                missed = missed(from);
                subscribers.add(me);
            } finally {
                lock.unlock();
            }
            try {
                for (WireTypes.EventView event : missed) {
                    if (!sink.send(event)) {
                        return;
                    }
                }
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

    /** The kept events a resuming subscriber has not seen (none for a new one). Under {@link #lock}. */
    private List<WireTypes.EventView> missed(WireTypes.EventsArgs from) {
        List<WireTypes.EventView> missed = new ArrayList<>();
        if (from.resumePid() == 0) {
            return missed;
        }
        for (WireTypes.EventView event : kept) {
            boolean unseen = from.resumePid() != ownPid || (from.afterSeq() > 0 ? event.seq() > from.afterSeq()
                    : event.atMs() >= from.afterMs());
            if (unseen) {
                missed.add(event);
            }
        }
        return missed;
    }
}
