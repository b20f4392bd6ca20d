// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

/**
 * A {@link RequestHandler} result that answers with a stream of events ({@code {id, event}}
 * frames) instead of one response, until the client closes the connection or the daemon stops.
 * {@link #stream} runs on the connection's virtual thread; it should block waiting for events
 * and return when {@link EventSink#isOpen()} turns false (the thread is also interrupted then).
 */
@FunctionalInterface
public interface StreamingResponse {
    void stream(EventSink sink) throws InterruptedException;

    /** Where a stream's events go. */
    interface EventSink {
        /** Sends one event; returns false (and the stream should end) once the client is gone. */
        boolean send(Object event);

        boolean isOpen();
    }
}
