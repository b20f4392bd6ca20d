// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A file descriptor that is closed exactly once. fd numbers are recycled by the kernel
 * immediately, so a second {@code close} of a raw int could close somebody else's fd; this
 * handle makes the second close a no-op instead. (A field and a VarHandle rather than an
 * AtomicBoolean: a daemon holds three of these per app, and the extra object was 48 bytes an app.)
 */
public final class Fd implements AutoCloseable {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Fd.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int value;
    private volatile boolean closed;

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
        if (closed) {
            throw new IllegalStateException("fd " + value + " is already closed");
        }
        return value;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Closes the fd with the caller's call state; later calls do nothing. */
    public void close(CallState cs) {
        if (CLOSED.compareAndSet(this, false, true)) {
            Fds.close(cs, value);
        }
    }

    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, false, true)) {
            try (Arena arena = Arena.ofConfined()) {
                Fds.close(CallState.allocate(arena), value);
            }
        }
    }

    @Override
    public String toString() {
        return "Fd[" + value + (closed ? ", closed]" : "]");
    }
}
