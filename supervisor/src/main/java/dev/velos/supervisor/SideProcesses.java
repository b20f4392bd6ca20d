// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.velos.model.ErrorCode;
import dev.velos.model.ExitStatus;
import dev.velos.sys.Epoll;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;
import dev.velos.sys.Signals;
import dev.velos.sys.SpawnRequest;
import dev.velos.sys.SpawnedChild;
import dev.velos.sys.Wait;

/**
 * Short commands the supervisor runs for itself — exec probes, hook commands — as real children:
 * spawned with posix_spawn on the spawner thread (never the JDK's process API), watched on the loop
 * through their pidfd and reaped there, their output read and its tail kept for the report, and
 * their whole process group SIGKILLed when they overrun their timeout. Nothing here blocks the
 * loop. Loop thread only, except {@link #run}'s spawn.
 */
final class SideProcesses {
    /** How much of a command's output (stdout and stderr together) is kept for its report. */
    private static final int TAIL_BYTES = 2048;

    /** How a side command ended; {@code output} is the tail of what it printed. */
    record Outcome(ExitStatus exit, boolean timedOut, String output) {
        boolean succeeded() {
            return !timedOut && exit.isKnown() && !exit.isAbnormal();
        }
    }

    private final EventLoop loop;
    private final Spawner spawner;
    private final PipeReader.Buffer buffer;
    /** The running commands by pid. */
    private final Map<Integer, Side> running = new HashMap<>();
    private int spawning;

    SideProcesses(EventLoop loop, Spawner spawner, PipeReader.Buffer buffer) {
        this.loop = loop;
        this.spawner = spawner;
        this.buffer = buffer;
    }

    /** Whether {@code pid} is one of these commands (the orphan reaper must leave it to its pidfd). */
    boolean owns(int pid) {
        return running.containsKey(pid);
    }

    /**
     * Kills every running command's group and completes when the loop has reaped them all: a
     * closing supervisor must not leave a hook or probe behind, running or as a zombie of the
     * process that embeds it. Their reports say they were killed.
     */
    CompletableFuture<Void> killAll() {
        running.values().forEach(side -> Signals.kill(loop.callState(), -side.child.pid(), Signals.SIGKILL));
        return CompletableFuture.allOf(running.values().stream().map(side -> side.result.handle((o, e) -> null))
                .toArray(CompletableFuture[]::new));
    }

    /** Whether a spawn is under way (its pid is not known yet, so orphan reaping must wait). */
    boolean spawnInFlight() {
        return spawning > 0;
    }

    /** Plans (on the spawner thread) and runs a command; the future completes on the loop. */
    CompletableFuture<Outcome> run(Supplier<SpawnRequest> plan, Duration timeout) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        spawning++;
        spawner.spawnCommand(plan).whenComplete((child, error) -> loop.execute(() -> {
            spawning--;
            if (error != null) {
                Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
                        ? error.getCause() : error;
                if (cause instanceof Error fatal) {
                    throw fatal;
                }
                result.completeExceptionally(cause);
                return;
            }
            new Side(child, timeout, result).watch();
        }));
        return result;
    }

    /** One running command. */
    private final class Side {
        private final SpawnedChild child;
        private final Duration timeout;
        private final CompletableFuture<Outcome> result;
        private final byte[] tail = new byte[TAIL_BYTES];
        private int tailLength;
        private long pidfdToken;
        private long outToken;
        private long errToken;
        private TimerQueue.Timer killTimer;
        private boolean timedOut;

        Side(SpawnedChild child, Duration timeout, CompletableFuture<Outcome> result) {
            this.child = child;
            this.timeout = timeout;
            this.result = result;
        }

        void watch() {
            running.put(child.pid(), this);
            pidfdToken = loop.register(child.pidfd().value(), Epoll.EPOLLIN, events -> onExit());
            outToken = loop.register(child.stdout().value(), Epoll.EPOLLIN, events -> drain(child.stdout(), true));
            errToken = loop.register(child.stderr().value(), Epoll.EPOLLIN, events -> drain(child.stderr(), false));
            killTimer = loop.schedule(timeout.toMillis(), () -> {
                timedOut = true;
                Signals.kill(loop.callState(), -child.pid(), Signals.SIGKILL);
            });
        }

        /** Reads what is there; on EOF stops watching the pipe. */
        private void drain(Fd fd, boolean stdout) {
            if (!fd.isOpen()) {
                return;
            }
            while (true) {
                int n;
                try {
                    n = Fds.readNonBlocking(loop.callState(), fd.value(), buffer.bytes, 0, buffer.bytes.length);
                } catch (ErrnoException e) {
                    n = 0;
                }
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    loop.deregister(stdout ? outToken : errToken, fd.value());
                    fd.close(loop.callState());
                    return;
                }
                keep(n);
            }
        }

        private void keep(int n) {
            int take = Math.min(n, TAIL_BYTES);
            int from = n - take;
            if (tailLength + take > TAIL_BYTES) {
                int drop = tailLength + take - TAIL_BYTES;
                System.arraycopy(tail, drop, tail, 0, tailLength - drop);
                tailLength -= drop;
            }
            System.arraycopy(buffer.bytes, from, tail, tailLength, take);
            tailLength += take;
        }

        private void onExit() {
            var status = Wait.waitid(loop.callState(), Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED | Wait.WNOHANG);
            if (status.isEmpty()) {
                return;
            }
            drain(child.stdout(), true);
            drain(child.stderr(), false);
            killTimer.cancel();
            if (timedOut) {
                Signals.kill(loop.callState(), -child.pid(), Signals.SIGKILL); // what of its group is left
            }
            loop.deregister(pidfdToken, child.pidfd().value());
            child.pidfd().close(loop.callState());
            closePipe(child.stdout(), outToken);
            closePipe(child.stderr(), errToken);
            running.remove(child.pid());
            ExitStatus exit = status.get().exited() ? ExitStatus.exited(status.get().status())
                    : ExitStatus.killed(status.get().status());
            result.complete(new Outcome(exit, timedOut, new String(tail, 0, tailLength, StandardCharsets.UTF_8).strip()));
        }

        /** A grandchild may still hold the pipe: stop reading at the leader's exit, the report is complete enough. */
        private void closePipe(Fd fd, long token) {
            if (fd.isOpen()) {
                loop.deregister(token, fd.value());
                fd.close(loop.callState());
            }
        }
    }

    /** A failed spawn as the error a probe or hook reports. */
    static SupervisorException spawnFailure(String what, Throwable cause) {
        return cause instanceof SupervisorException e ? e
                : new SupervisorException(ErrorCode.SPAWN_FAILED, what + ": " + cause.getMessage(), cause);
    }
}
