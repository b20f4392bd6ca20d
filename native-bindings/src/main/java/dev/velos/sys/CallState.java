// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The errno capture segment of one caller (STYLE R5). Long-lived callers (the event loop, the
 * spawner) open one and keep it; one-off calls allocate one from their own confined arena. A
 * {@code CallState} is not thread-safe: one thread uses it at a time, and reads
 * {@link #errno()} right after the failing call, before the next call that uses it.
 */
public final class CallState implements AutoCloseable {
    private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MemorySegment segment;
    private final Arena ownArena;

    private CallState(MemorySegment segment, Arena ownArena) {
        this.segment = segment;
        this.ownArena = ownArena;
    }

    /** A call state in memory owned by {@code arena}; closing it does nothing. */
    public static CallState allocate(Arena arena) {
        return new CallState(arena.allocate(LAYOUT), null);
    }

    /**
     * A call state with its own memory, for an object that lives long and may be created on one
     * thread and used on another (a shared arena, closed once by {@link #close()}).
     */
    public static CallState open() {
        Arena arena = Arena.ofShared();
        return new CallState(arena.allocate(LAYOUT), arena);
    }

    MemorySegment segment() {
        return segment;
    }

    /** errno as captured by the last call that used this state. */
    public int errno() {
        return (int) ERRNO.get(segment, 0L);
    }

    ErrnoException failure(String syscall, String detail) {
        return ErrnoException.of(errno(), syscall, detail);
    }

    @Override
    public void close() {
        if (ownArena != null && ownArena.scope().isAlive()) {
            ownArena.close();
        }
    }
}
