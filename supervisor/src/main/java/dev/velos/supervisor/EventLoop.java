// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 *
 * <p>Failure policy (issue 14.9): a {@link RuntimeException} from one task is a bug in that task
 * and is logged; the loop goes on. An {@link Error} (OutOfMemoryError, StackOverflowError, an
 * AssertionError from a binding) is never caught there: it ends the loop, and so does anything
 * else that ends the thread without {@link #shutdown()}. Then the {@code onFatal} callback runs on
 * the dying thread, and every queued command is aborted (its waiter hears why). A
 * supervisor whose loop is gone supervises nothing; carrying on quietly is the one wrong answer.
 */
final class EventLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final long WAKE_TOKEN = 0;
    private static final int MAX_EVENTS = 256;

    /** A command that wants to hear it will never run, because the loop died first. */
    interface Abortable {
        void abort(Throwable cause);
    }

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
    /** The one epoll_event every {@code epoll_ctl} of this loop goes through (loop thread, or the constructor). */
    private final MemorySegment ctlEvent;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final HandlerTable handlers = new HandlerTable();
    private final TimerQueue timers = new TimerQueue();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final java.util.function.Consumer<Throwable> onFatal;
    private volatile boolean running = true;
    /** Why the loop died; set once, before {@link #running} turns false on that path. */
    private volatile Throwable failure;
    private boolean shutdownRequested;
    /**
     * Memory kept back for the fatal path: after an OutOfMemoryError even the log line and
     * {@code Runtime.halt} allocate, and with the heap still full they would fail in turn and
     * leave a JVM with no loop behind. Dropped first thing in {@link #die}, so the next GC has
     * this much to give.
     */
    private byte[] reserve = new byte[FATAL_RESERVE_BYTES];
    private static final int FATAL_RESERVE_BYTES = 64 * 1024;

    /** A loop whose death other than by {@link #shutdown()} is reported to {@code onFatal}, on the dying thread. */
    EventLoop(String threadName, java.util.function.Consumer<Throwable> onFatal) {
        this.onFatal = onFatal;
        Fd ep = null;
        ctlEvent = Epoll.allocateEvents(arena, 1);
        try {
            ep = Epoll.create(cs);
            wakeFd = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
            epfd = ep;
            Epoll.ctl(cs, ctlEvent, epfd.value(), Epoll.EPOLL_CTL_ADD, wakeFd.value(), Epoll.EPOLLIN, WAKE_TOKEN);
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

    /** Why the loop died, if it died of a failure (not of {@link #shutdown()}). */
    java.util.Optional<Throwable> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /**
     * Runs {@code command} on the loop thread, soon. Safe from any thread. An {@link Abortable}
     * command is aborted instead if the loop dies before running it.
     */
    void execute(Runnable command) {
        if (!running) {
            throw new RejectedExecutionException(failure == null ? "the supervisor's event loop is closed"
                    : "the supervisor's event loop died: " + failure);
        }
        commands.add(command);
        if (!running && commands.remove(command)) {
            // The loop ended between the check above and the add: nobody would ever run it.
            if (command instanceof Abortable abortable) {
                abortable.abort(failure != null ? failure : new RejectedExecutionException("the supervisor's event loop is closed"));
            }
            return;
        }
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
        long token = handlers.add(handler);
        try {
            Epoll.ctl(cs, ctlEvent, epfd.value(), Epoll.EPOLL_CTL_ADD, fd, interest, token);
        } catch (RuntimeException e) {
            handlers.remove(token);
            throw e;
        }
        return token;
    }

    /** Changes the events watched for a registered {@code fd} (0 = pause). Loop thread only. */
    void modify(long token, int fd, int interest) {
        if (handlers.get(token) != null) {
            Epoll.ctl(cs, ctlEvent, epfd.value(), Epoll.EPOLL_CTL_MOD, fd, interest, token);
        }
    }

    /** Stops watching {@code fd}; call before closing it. Loop thread only. */
    void deregister(long token, int fd) {
        if (handlers.remove(token)) {
            Epoll.ctl(cs, ctlEvent, epfd.value(), Epoll.EPOLL_CTL_DEL, fd, 0, token);
        }
    }

    /** How many timers are armed; loop thread only. */
    int pendingTimers() {
        return timers.pending();
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
        Throwable died = null;
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
            if (!shutdownRequested) {
                died = new IllegalStateException("the event loop stopped without being shut down");
            }
        } catch (Throwable t) {
            died = t;
        } finally {
            if (died == null) {
                running = false;
                closeResources();
                terminated.countDown();
            } else {
                die(died);
            }
        }
    }

    /**
     * The fatal path: refuse new work, tell the embedder, then abort queued commands and log. The
     * embedder goes first because after an OutOfMemoryError any allocation can fail — the first
     * log line of a JVM alone initialises its logging framework — and {@code onFatal} is the one
     * step that must happen; each later step is tried on its own.
     */
    private void die(Throwable cause) {
        reserve = null;
        failure = cause;
        running = false;
        terminated.countDown();
        try {
            onFatal.accept(cause);
        } catch (Throwable handlerFailure) {
            // Nothing more to tell anyone: the steps below still run.
        }
        try {
            abortCommands(cause);
        } catch (Throwable ignored) {
            // Best effort: with no memory left a waiter may hang; the embedder has been told.
        }
        try {
            LOG.log(Level.ERROR, "the velos event loop died; nothing is supervised any more", cause);
        } catch (Throwable ignored) {
            // No memory left to say why; the embedder has been told.
        }
    }

    private void abortCommands(Throwable cause) {
        Runnable command;
        while ((command = commands.poll()) != null) {
            if (command instanceof Abortable abortable) {
                abortable.abort(cause);
            }
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

    /** Runs one task; a RuntimeException is that task's bug and is logged, an Error ends the loop. */
    private static void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "error in velos event loop task", e);
        }
    }

    /** Asks the loop to finish its current iteration and exit; pending commands run first. */
    void shutdown() {
        execute(() -> {
            shutdownRequested = true;
            running = false;
        });
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
