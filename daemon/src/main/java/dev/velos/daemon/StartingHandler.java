// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.velos.ipc.Messages;
import dev.velos.ipc.Payload;
import dev.velos.ipc.RequestHandler;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * The control socket's handler while the daemon starts. The socket listens as soon as the lock is
 * held, before the supervisor, the crash recovery and {@code --resurrect} have run (a client that
 * auto-started the daemon connects at once instead of polling for the socket's file); each request
 * waits, on its connection's virtual thread, until the daemon can answer it, or gets the reason it
 * never will.
 */
final class StartingHandler implements RequestHandler {
    private final CompletableFuture<RequestHandler> started = new CompletableFuture<>();

    /** The daemon is up: {@code handler} answers every request from now on, the waiting ones first. */
    void started(RequestHandler handler) {
        started.complete(handler);
    }

    /** The daemon cannot start: every waiting and later request gets {@code cause}'s message. */
    void failed(Throwable cause) {
        started.completeExceptionally(cause);
    }

    @Override
    public Object handle(String cmd, Payload args) {
        return handler().handle(cmd, args);
    }

    @Override
    public Object handle(Messages.Request request) {
        return handler().handle(request);
    }

    private RequestHandler handler() {
        try {
            return started.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new VelosException(ErrorCode.CLOSED, "the velos daemon cannot start: " + cause.getMessage(), cause);
        }
    }
}
