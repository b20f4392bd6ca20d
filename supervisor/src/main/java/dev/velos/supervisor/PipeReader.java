// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import dev.velos.sys.Epoll;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;

/**
 * Reads one of a child's output pipes on the event loop. Exit and EOF are independent: a
 * grandchild may hold the pipe open after the child is reaped, so the reader outlives the child
 * until EOF or until its linger deadline, and the child's last lines are never lost.
 */
final class PipeReader implements EventLoop.FdHandler {
    /** Reads per readiness event before yielding to other fds: a child writing flat out cannot starve the loop. */
    private static final int READS_PER_EVENT = 16;
    /** How long a paused reader waits before asking the sink again. */
    private static final long PAUSE_RETRY_MILLIS = 5;

    /** The loop's read buffer, shared by all readers (they all run on the loop thread). */
    static final class Buffer {
        final byte[] bytes;

        Buffer(int size) {
            this.bytes = new byte[size];
        }
    }

    /**
     * What every reader of one loop shares: kept once, not in each of two readers per app (issue
     * 15.5: a reader is now its fd, its assembler and two timers).
     */
    record Shared(EventLoop loop, Buffer buffer, LogSink sink, java.time.Clock clock) {
        void beginRead() {
            if (sink instanceof RawLogSink raw) {
                raw.beginRead();
            }
        }

        void endOfRead() {
            if (sink instanceof RawLogSink raw) {
                raw.endOfRead();
            }
        }
    }

    private final Shared shared;
    private final Fd fd;
    private final LineAssembler assembler;
    private final long token;
    private TimerQueue.Timer linger;
    private TimerQueue.Timer resume;

    PipeReader(Shared shared, Fd fd, LineAssembler assembler) {
        this.shared = shared;
        this.fd = fd;
        this.assembler = assembler;
        this.token = shared.loop().register(fd.value(), Epoll.EPOLLIN, this);
    }

    @Override
    public void ready(int events) {
        drain(READS_PER_EVENT);
    }

    boolean isOpen() {
        return fd.isOpen();
    }

    /** The pipe's read end (a hand-over passes it on). */
    Fd fd() {
        return fd;
    }

    /** The start of a line read but not yet ended (see {@link LineAssembler#pending}). */
    byte[] partial() {
        return assembler.pending();
    }

    /** Feeds bytes a predecessor read but could not yet end as a line, before anything read from the pipe. */
    void prefeed(byte[] partial) {
        if (partial.length > 0) {
            assembler.feed(partial.clone(), partial.length, shared.clock().millis());
        }
    }

    /**
     * Stops reading and closes this process's read end without emitting the partial line: a
     * successor has it, and reads on from the pipe (the hand-over, issue 20).
     */
    void detach() {
        stopReading();
    }

    /** Cancels the timers, stops watching and closes the read end; false when it was closed already. */
    private boolean stopReading() {
        if (!fd.isOpen()) {
            return false;
        }
        if (linger != null) {
            linger.cancel();
        }
        if (resume != null) {
            resume.cancel();
        }
        shared.loop().deregister(token, fd.value());
        fd.close(shared.loop().callState());
        return true;
    }

    /** Reads everything the pipe holds right now (used before reaping, so output precedes the exit event). */
    void drainAll() {
        drain(Integer.MAX_VALUE);
    }

    private void drain(int maxReads) {
        if (maxReads != Integer.MAX_VALUE && shared.sink().saturated()) {
            pause();
            return;
        }
        byte[] bytes = shared.buffer().bytes;
        shared.beginRead();
        try {
            for (int i = 0; i < maxReads && fd.isOpen(); i++) {
                int n = Fds.readNonBlocking(shared.loop().callState(), fd.value(), bytes, 0, bytes.length);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    close();
                    return;
                }
                assembler.feed(bytes, n, shared.clock().millis());
            }
        } finally {
            shared.endOfRead();
        }
    }

    /**
     * Stops watching the pipe until the sink catches up: level-triggered epoll would otherwise
     * report the unread pipe again at once and spin the loop.
     */
    private void pause() {
        if (resume != null || !fd.isOpen()) {
            return;
        }
        shared.loop().modify(token, fd.value(), 0);
        resume = shared.loop().schedule(PAUSE_RETRY_MILLIS, this::tryResume);
    }

    private void tryResume() {
        resume = null;
        if (!fd.isOpen()) {
            return;
        }
        if (shared.sink().saturated()) {
            resume = shared.loop().schedule(PAUSE_RETRY_MILLIS, this::tryResume);
        } else {
            shared.loop().modify(token, fd.value(), Epoll.EPOLLIN);
        }
    }

    /** After the child is gone, waits at most {@code millis} for EOF, then closes anyway. */
    void lingerFor(long millis) {
        if (fd.isOpen() && linger == null) {
            linger = shared.loop().schedule(millis, () -> {
                drainAll();
                close();
            });
        }
    }

    /** Stops reading, emits any partial last line and closes the fd. Idempotent. */
    void close() {
        if (!stopReading()) {
            return;
        }
        shared.beginRead();
        try {
            assembler.finish();
        } finally {
            shared.endOfRead();
        }
    }
}
