// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.velos.sys.linux.ProcFs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Real children for tests: spawned through {@link ProcessLauncher}, waited for with bounded
 * epoll waits (a test never blocks in an unbounded downcall, which a JUnit timeout could not
 * interrupt), reaped with {@code waitid(P_PIDFD)}. Every child spawned through an instance is
 * killed, reaped and has its fds closed by {@link #close()}, even when the test failed half-way.
 * One thread only: the call state lives in the caller's confined arena.
 */
final class Children implements AutoCloseable {
    static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "LC_ALL=C");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CallState cs;
    private final ProcessLauncher launcher = new ProcessLauncher();
    private final List<SpawnedChild> spawned = new ArrayList<>();

    Children(CallState cs) {
        this.cs = cs;
    }

    /** Spawns {@code argv} (argv[0] is the absolute program) with {@link #ENV} in {@code /}. */
    SpawnedChild spawn(String... argv) {
        return spawn(new SpawnRequest(argv[0], List.of(argv), ENV, "/"));
    }

    SpawnedChild spawn(SpawnRequest request) {
        SpawnedChild child = launcher.spawn(request);
        spawned.add(child);
        return child;
    }

    /** Waits until the child has exited, reaps it with {@code waitid(P_PIDFD)} and closes its pidfd. */
    Wait.Result reap(SpawnedChild child) {
        awaitReadable(cs, child.pidfd(), TIMEOUT);
        Wait.Result result = Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED | Wait.WNOHANG)
                .orElseThrow(() -> new AssertionError("pidfd of " + child.pid() + " was readable but waitid found nothing"));
        child.pidfd().close(cs);
        return result;
    }

    /** SIGKILLs a child that may still run, reaps it unless a test already did, and closes all its fds. */
    void destroy(SpawnedChild child) {
        if (child.pidfd().isOpen()) {
            Pidfd.sendSignal(cs, child.pidfd(), Signals.SIGKILL, 0);
            awaitReadable(cs, child.pidfd(), TIMEOUT);
            Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED | Wait.WNOHANG);
            child.pidfd().close(cs);
        }
        child.stdout().close(cs);
        child.stderr().close(cs);
    }

    /** Everything {@code fd} delivers until end of file, read without blocking. */
    String readToEof(Fd fd) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(4096);
            while (true) {
                long n = Fds.read(cs, fd.value(), buffer, buffer.byteSize());
                if (n == 0) {
                    return bytes.toString(StandardCharsets.UTF_8);
                }
                if (n > 0) {
                    bytes.writeBytes(buffer.asSlice(0, n).toArray(JAVA_BYTE));
                } else {
                    awaitReadable(cs, fd, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                }
            }
        }
    }

    /** Exactly {@code count} bytes from a non-blocking {@code fd}, as text. */
    String readExactly(Fd fd, int count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(count);
            while (bytes.size() < count) {
                long n = Fds.read(cs, fd.value(), buffer, count - bytes.size());
                if (n == 0) {
                    throw new AssertionError("EOF after " + bytes.size() + " of " + count + " bytes: " + bytes);
                }
                if (n > 0) {
                    bytes.writeBytes(buffer.asSlice(0, n).toArray(JAVA_BYTE));
                } else {
                    awaitReadable(cs, fd, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                }
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    void writeFully(Fd fd, String text) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom(text);
            long length = data.byteSize() - 1;
            long off = 0;
            while (off < length) {
                long n = Fds.write(cs, fd.value(), data.asSlice(off), length - off);
                if (n < 0) {
                    throw new AssertionError("fd " + fd + " unexpectedly full");
                }
                off += n;
            }
        }
    }

    /** Waits (epoll, bounded) until {@code fd} is readable or hung up; fails the test on timeout. */
    static void awaitReadable(CallState cs, Fd fd, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Arena arena = Arena.ofConfined(); Fd epoll = Epoll.create(cs)) {
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, fd.value(), Epoll.EPOLLIN, 1);
            MemorySegment events = Epoll.allocateEvents(arena, 1);
            while (true) {
                long leftMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (leftMillis <= 0) {
                    throw new AssertionError(fd + " not readable within " + timeout);
                }
                if (Epoll.await(cs, epoll.value(), events, (int) Math.min(leftMillis, Integer.MAX_VALUE)) > 0) {
                    return;
                }
            }
        }
    }

    /** Whether {@code fd} is readable (or hung up) right now, without waiting. */
    static boolean readableNow(CallState cs, Fd fd) {
        try (Arena arena = Arena.ofConfined(); Fd epoll = Epoll.create(cs)) {
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, fd.value(), Epoll.EPOLLIN, 1);
            return Epoll.await(cs, epoll.value(), Epoll.allocateEvents(arena, 1), 0) > 0;
        }
    }

    /**
     * A pid above {@code pid_max}, which no process can have. Read with a buffered reader:
     * {@code Files.readString} first reads a single byte of a zero-sized file, and a sysctl file
     * reports EOF at any offset after a partial read, so it would return "3" for 32768.
     */
    static int impossiblePid() {
        try {
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).getFirst().trim()) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int self() {
        return (int) ProcessHandle.current().pid();
    }

    static List<Integer> ownFds() {
        return ProcFs.openFds(self());
    }

    @Override
    public void close() {
        Throwable first = null;
        for (SpawnedChild child : spawned) {
            try {
                destroy(child);
            } catch (RuntimeException | AssertionError e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        spawned.clear();
        launcher.close();
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof AssertionError e) {
            throw e;
        }
    }
}
