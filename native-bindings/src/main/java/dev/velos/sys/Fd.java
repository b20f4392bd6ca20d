// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file descriptor that is closed exactly once. fd numbers are recycled by the kernel
 * immediately, so a second {@code close} of a raw int could close somebody else's fd; this
 * handle makes the second close a no-op instead.
 */
public final class Fd implements AutoCloseable {
    private final int value;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Fd(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative fd " + value);
        }
        this.value = value;
    }

    /** Takes ownership of {@code value}. */
    public static Fd of(int value) {
        return new Fd(value);
    }

    /** The fd number; valid only while {@link #isOpen()}. */
    public int value() {
        if (closed.get()) {
            throw new IllegalStateException("fd " + value + " is already closed");
        }
        return value;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Closes the fd with the caller's call state; later calls do nothing. */
    public void close(CallState cs) {
        if (closed.compareAndSet(false, true)) {
            Fds.close(cs, value);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try (Arena arena = Arena.ofConfined()) {
                Fds.close(CallState.allocate(arena), value);
            }
        }
    }

    @Override
    public String toString() {
        return "Fd[" + value + (closed.get() ? ", closed]" : "]");
    }
}
