// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.velos.model.VelosException;

/** Waiting on the supervisor's futures from a connection's virtual thread. */
final class Futures {
    private Futures() {
    }

    /**
     * The future's value; a {@link VelosException} it failed with is thrown as itself (not wrapped),
     * so the client gets the supervisor's error code and message.
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof VelosException v) {
                throw v;
            }
            throw e;
        }
    }
}
