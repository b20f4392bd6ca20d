// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.velos.sys.CallState;
import dev.velos.sys.Epoll;
import dev.velos.sys.EventFd;
import dev.velos.sys.Fd;

/**
 * One platform thread blocked in epoll_wait that owns every piece of process state
 * (DESIGN.md §3). It watches pidfds and pipes through registered {@link FdHandler}s, runs
 * {@link TimerQueue} deadlines, and runs commands other threads post with {@link #execute},
 * which wake it through an eventfd. Because nothing else touches process state, no transition
 * needs a lock and none can race.
 *
 * <p>Registrations are level-triggered and keyed by a token that is never reused (not by fd):
 * fd numbers are recycled at once, and a stale event later in the same batch must not reach the
 * handler of a new fd that got the old number.
 */
final class EventLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final long WAKE_TOKEN = 0;
    private static final int MAX_EVENTS = 256;

    /** Reacts to readiness of one registered fd; runs on the loop thread. */
    @FunctionalInterface
    interface FdHandler {
        void ready(int events);
    }

    private final Thread thread;
    private final Arena arena = Arena.ofShared();
    private final CallState cs = CallState.open();
    private final Fd epfd;
    private final Fd wakeFd;
    private final MemorySegment events;
    private final MemorySegment scratch;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<Long, FdHandler> handlers = new HashMap<>();
    private final TimerQueue timers = new TimerQueue();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private long nextToken = WAKE_TOKEN + 1;
    private volatile boolean running = true;

    EventLoop(String threadName) {
        Fd ep = null;
        try {
            ep = Epoll.create(cs);
            wakeFd = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
            epfd = ep;
            Epoll.ctl(cs, epfd.value(), Epoll.EPOLL_CTL_ADD, wakeFd.value(), Epoll.EPOLLIN, WAKE_TOKEN);
        } catch (RuntimeException e) {
            if (ep != null) {
                ep.close();
            }
            cs.close();
            arena.close();
            throw e;
        }
        events = Epoll.allocateEvents(arena, MAX_EVENTS);
        scratch = arena.allocate(8);
        thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code command} on the loop thread, soon. Safe from any thread. */
    void execute(Runnable command) {
        if (!running) {
            throw new RejectedExecutionException("the supervisor's event loop is closed");
        }
        commands.add(command);
        if (!inLoop()) {
            wake();
        }
    }

    /**
     * Rings the eventfd. The loop may have run the command just added — the one that ends it —
     * and closed the eventfd before this line runs; that is not an error.
     */
    private void wake() {
        try (Arena call = Arena.ofConfined()) {
            EventFd.signal(CallState.allocate(call), wakeFd);
        } catch (IllegalStateException | dev.velos.sys.ErrnoException e) {
            if (running) {
                throw e;
            }
        }
    }

    /** Watches {@code fd} for {@code interest}; returns the token for {@link #deregister}. Loop thread only. */
    long register(int fd, int interest, FdHandler handler) {
        long token = nextToken++;
        Epoll.ctl(cs, epfd.value(), Epoll.EPOLL_CTL_ADD, fd, interest, token);
        handlers.put(token, handler);
        return token;
    }

    /** Changes the events watched for a registered {@code fd} (0 = pause). Loop thread only. */
    void modify(long token, int fd, int interest) {
        if (handlers.containsKey(token)) {
            Epoll.ctl(cs, epfd.value(), Epoll.EPOLL_CTL_MOD, fd, interest, token);
        }
    }

    /** Stops watching {@code fd}; call before closing it. Loop thread only. */
    void deregister(long token, int fd) {
        if (handlers.remove(token) != null) {
            Epoll.ctl(cs, epfd.value(), Epoll.EPOLL_CTL_DEL, fd, 0, token);
        }
    }

    /** Runs {@code action} on the loop after {@code delayMillis}. Loop thread only. */
    TimerQueue.Timer schedule(long delayMillis, Runnable action) {
        return timers.schedule(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(delayMillis), action);
    }

    /** The loop's call state, for native calls made on the loop thread. */
    CallState callState() {
        return cs;
    }

    private void run() {
        try {
            while (running) {
                int timeout = commands.isEmpty() ? timers.millisUntilNext(System.nanoTime()) : 0;
                int n = Epoll.await(cs, epfd.value(), events, timeout);
                for (int i = 0; i < n; i++) {
                    dispatch(Epoll.data(events, i), Epoll.events(events, i));
                }
                runCommands();
                runTimers();
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "velos event loop died", t);
        } finally {
            running = false;
            closeResources();
            terminated.countDown();
        }
    }

    private void dispatch(long token, int readyEvents) {
        if (token == WAKE_TOKEN) {
            EventFd.drain(cs, wakeFd, scratch);
            return;
        }
        FdHandler handler = handlers.get(token);
        if (handler != null) {
            guarded(() -> handler.ready(readyEvents));
        }
    }

    private void runCommands() {
        Runnable command;
        while ((command = commands.poll()) != null) {
            guarded(command);
        }
    }

    private void runTimers() {
        Runnable due;
        while ((due = timers.pollDue(System.nanoTime())) != null) {
            guarded(due);
        }
    }

    private static void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | AssertionError e) {
            LOG.log(Level.ERROR, "error in velos event loop task", e);
        }
    }

    /** Asks the loop to finish its current iteration and exit; pending commands run first. */
    void shutdown() {
        execute(() -> running = false);
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    private void closeResources() {
        runCommands();
        wakeFd.close(cs);
        epfd.close(cs);
        cs.close();
        arena.close();
    }

    @Override
    public void close() {
        if (running) {
            shutdown();
        }
        if (!inLoop()) {
            try {
                awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
