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
final class PipeReader {
    /** Reads per readiness event before yielding to other fds: a child writing flat out cannot starve the loop. */
    private static final int READS_PER_EVENT = 16;

    /** The loop's read buffer, shared by all readers (they all run on the loop thread). */
    static final class Buffer {
        final byte[] bytes;

        Buffer(int size) {
            this.bytes = new byte[size];
        }
    }

    private final EventLoop loop;
    private final Fd fd;
    private final LineAssembler assembler;
    private final Buffer buffer;
    /** How long a paused reader waits before asking the sink again. */
    private static final long PAUSE_RETRY_MILLIS = 5;

    private final long token;
    private final java.util.function.BooleanSupplier saturated;
    private final Runnable beginRead;
    private final Runnable endOfRead;
    private final java.time.Clock clock;
    private TimerQueue.Timer linger;
    private TimerQueue.Timer resume;

    PipeReader(EventLoop loop, Fd fd, LineAssembler assembler, Buffer buffer, LogSink sink, java.time.Clock clock) {
        this.loop = loop;
        this.fd = fd;
        this.assembler = assembler;
        this.buffer = buffer;
        this.saturated = sink::saturated;
        this.beginRead = sink instanceof RawLogSink raw ? raw::beginRead : () -> { };
        this.endOfRead = sink instanceof RawLogSink raw ? raw::endOfRead : () -> { };
        this.clock = clock;
        this.token = loop.register(fd.value(), Epoll.EPOLLIN, events -> drain(READS_PER_EVENT));
    }

    boolean isOpen() {
        return fd.isOpen();
    }

    /** Reads everything the pipe holds right now (used before reaping, so output precedes the exit event). */
    void drainAll() {
        drain(Integer.MAX_VALUE);
    }

    private void drain(int maxReads) {
        if (maxReads != Integer.MAX_VALUE && saturated.getAsBoolean()) {
            pause();
            return;
        }
        beginRead.run();
        try {
            for (int i = 0; i < maxReads && fd.isOpen(); i++) {
                int n = Fds.readNonBlocking(loop.callState(), fd.value(), buffer.bytes, 0, buffer.bytes.length);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    close();
                    return;
                }
                assembler.feed(buffer.bytes, n, clock.millis());
            }
        } finally {
            endOfRead.run();
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
        loop.modify(token, fd.value(), 0);
        resume = loop.schedule(PAUSE_RETRY_MILLIS, this::tryResume);
    }

    private void tryResume() {
        resume = null;
        if (!fd.isOpen()) {
            return;
        }
        if (saturated.getAsBoolean()) {
            resume = loop.schedule(PAUSE_RETRY_MILLIS, this::tryResume);
        } else {
            loop.modify(token, fd.value(), Epoll.EPOLLIN);
        }
    }

    /** After the child is gone, waits at most {@code millis} for EOF, then closes anyway. */
    void lingerFor(long millis) {
        if (fd.isOpen() && linger == null) {
            linger = loop.schedule(millis, () -> {
                drainAll();
                close();
            });
        }
    }

    /** Stops reading, emits any partial last line and closes the fd. Idempotent. */
    void close() {
        if (!fd.isOpen()) {
            return;
        }
        if (linger != null) {
            linger.cancel();
        }
        if (resume != null) {
            resume.cancel();
        }
        loop.deregister(token, fd.value());
        fd.close(loop.callState());
        beginRead.run();
        try {
            assembler.finish();
        } finally {
            endOfRead.run();
        }
    }
}
