// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.Arrays;

/**
 * The event loop's registrations: token → handler, without a map. A token is a slot index in its
 * low 32 bits and the slot's generation in its high 32 bits; freeing a slot bumps nothing, taking
 * it again bumps the generation, so a token is never reused and a stale event for a freed or
 * re-taken slot finds no handler (fd numbers are recycled at once, so the fd itself cannot be the
 * key). About 8 bytes per registration instead of a map node and a boxed key (~56 bytes): with
 * three registrations per app that is 150 bytes an app (issue 15.5). Slot 0 is never handed out:
 * token 0 is the loop's own eventfd. Loop thread only.
 */
final class HandlerTable {
    private EventLoop.FdHandler[] handlers = new EventLoop.FdHandler[64];
    private int[] generations = new int[64];
    private int[] free = new int[16];
    private int freeCount;
    private int used = 1;

    /** Takes a slot for {@code handler}; returns its token (never 0). */
    long add(EventLoop.FdHandler handler) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == handlers.length) {
                handlers = Arrays.copyOf(handlers, used * 2);
                generations = Arrays.copyOf(generations, used * 2);
            }
            slot = used++;
        }
        int generation = ++generations[slot];
        handlers[slot] = handler;
        return ((long) generation << 32) | slot;
    }

    /** The handler of {@code token}, or null when the token is stale or unknown. */
    EventLoop.FdHandler get(long token) {
        int slot = (int) token;
        if (slot <= 0 || slot >= used || generations[slot] != (int) (token >>> 32)) {
            return null;
        }
        return handlers[slot];
    }

    /** Frees the slot of {@code token}; false when it was stale or unknown. */
    boolean remove(long token) {
        if (get(token) == null) {
            return false;
        }
        int slot = (int) token;
        handlers[slot] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = slot;
        return true;
    }
}
