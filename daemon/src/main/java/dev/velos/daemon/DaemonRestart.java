// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.velos.ipc.WireTypes;
import dev.velos.logs.ConsoleCapture;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;
import dev.velos.supervisor.Handover;
import dev.velos.supervisor.HandoverChannel;
import dev.velos.supervisor.HandoverCodec;
import dev.velos.supervisor.Supervisor;
import dev.velos.sys.CallState;
import dev.velos.sys.ProcessLauncher;
import dev.velos.sys.Sockets;
import dev.velos.sys.SpawnRequest;

/**
 * {@code daemon.restart}, the old daemon's side (issue 20, docs/HANDOVER.md §2): posix_spawn the
 * successor with one end of a seqpacket socketpair at fd 3 ({@value #FD_VARIABLE}=3), wait until
 * its JVM is up (the loop runs meanwhile), park the loop and export the table, write the app
 * logs read so far to disk (so the successor's lines come after them in every file), send the
 * manifest and every fd, and commit on the successor's word — or abort and carry on with every
 * app when it refuses, dies or says nothing. After a commit the daemon exits without stopping
 * anything ({@code afterCommit}); the successor has already taken the control socket's path.
 * The hand-over socket's calls block in native code, so they run on a platform thread of their
 * own; the requesting connection's virtual thread only waits for it.
 */
final class DaemonRestart {
    /** The environment variable that tells a starting daemon it is a successor, and on which fd the hand-over comes. */
    static final String FD_VARIABLE = "VELOS_HANDOVER_FD";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    /** How long to retry while an app is mid-transition (beginHandover refuses then). */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(15);

    private final Supervisor supervisor;
    private final AppLogs logs;
    private final Path home;
    private final Path socket;
    private final Runnable afterCommit;
    private final AtomicBoolean underWay = new AtomicBoolean();

    DaemonRestart(Supervisor supervisor, AppLogs logs, Path home, Path socket, Runnable afterCommit) {
        this.supervisor = supervisor;
        this.logs = logs;
        this.home = home;
        this.socket = socket;
        this.afterCommit = afterCommit;
    }

    WireTypes.DaemonRestartResult run(String launcher) {
        if (!underWay.compareAndSet(false, true)) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "a daemon restart is already under way");
        }
        java.util.concurrent.CompletableFuture<WireTypes.DaemonRestartResult> result = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().name("velos-daemon-restart").start(() -> {
            try {
                result.complete(restart(launcher));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private WireTypes.DaemonRestartResult restart(String launcher) {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            Sockets.Pair pair = Sockets.socketpair(cs, Sockets.SOCK_SEQPACKET | Sockets.SOCK_CLOEXEC);
            int pid;
            try {
                pid = spawnSuccessor(launcher, pair);
            } finally {
                pair.second().close(cs);
            }
            try {
                int apps = handOver(pair, pid);
                afterCommit.run();
                return new WireTypes.DaemonRestartResult(ProcessHandle.current().pid(), pid, apps);
            } finally {
                pair.first().close(cs);
            }
        } finally {
            underWay.set(false);
        }
    }

    private int spawnSuccessor(String launcher, Sockets.Pair pair) {
        String chosen = launcher == null || launcher.isBlank() ? System.getenv("VELOS_LAUNCHER") : launcher;
        if (launcher != null && !launcher.isBlank() && !Files.isExecutable(Path.of(launcher))) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "launcher '" + launcher + "' is not an executable file");
        }
        List<String> argv = DaemonLauncher.command(home, socket, chosen);
        List<String> env = new ArrayList<>();
        System.getenv().forEach((k, v) -> {
            // WATCHDOG_PID names this daemon: the successor would take systemd's watchdog as someone
            // else's and stop pinging it, and be killed once WatchdogSec ran out. Without it, the
            // successor (the unit's MAINPID after it announces itself) pings as the main process.
            if (!k.equals(FD_VARIABLE) && !k.equals("WATCHDOG_PID") && !k.equals(DaemonLauncher.CAPTURED_VARIABLE)) {
                env.add(k + "=" + v);
            }
        });
        env.add(FD_VARIABLE + "=3");
        // Its raw output is a capture (appended, bounded, each restart's kept): its own lines go to daemon.log.
        env.add(DaemonLauncher.CAPTURED_VARIABLE + "=1");
        Path output = home.resolve("logs").resolve("daemon-restart.log");
        ConsoleCapture.bound(output);
        try (ProcessLauncher spawner = new ProcessLauncher()) {
            int pid = spawner.spawnDetached(new SpawnRequest(argv.getFirst(), argv, env, home.toString(), Map.of(3, pair.second())),
                    output, output);
            DaemonLauncher.reapWhenItExits(pid); // if it dies before our exit, it must not linger as our zombie
            System.err.println("[velos-daemon] daemon restart: started the successor (pid " + pid + "): " + String.join(" ", argv));
            return pid;
        } catch (RuntimeException e) {
            throw new VelosException(ErrorCode.SYSTEM, "cannot start the new daemon (" + argv.getFirst() + "): " + e.getMessage()
                    + "; this daemon carries on", e);
        }
    }

    /** Returns the number of apps handed over; throws (after an abort: nothing changed) when the successor failed. */
    private int handOver(Sockets.Pair pair, int pid) {
        try {
            HandoverChannel.awaitReady(pair.first(), READY_TIMEOUT);
        } catch (RuntimeException e) {
            throw failed(pid, "it did not come up", e);
        }
        Handover handover = begin();
        long parked = System.nanoTime();
        try {
            logs.flush();
            HandoverChannel.send(pair.first(), HandoverCodec.encode(handover.manifest(), StateSpecCodec.INSTANCE), handover.fds());
            HandoverChannel.awaitAnswer(pair.first(), ANSWER_TIMEOUT);
        } catch (RuntimeException e) {
            handover.abort();
            throw failed(pid, "it did not take over", e);
        }
        handover.commit();
        System.err.println("[velos-daemon] daemon restart: pid " + pid + " took over " + handover.manifest().apps().size()
                + " app(s) (the loop was parked " + (System.nanoTime() - parked) / 1_000_000 + " ms); exiting without stopping any");
        return handover.manifest().apps().size();
    }

    /** beginHandover, retried while an app is mid-transition (spawning, stopping, reloading). */
    private Handover begin() {
        long deadline = System.nanoTime() + BUSY_RETRY.toNanos();
        while (true) {
            try {
                return supervisor.beginHandover(ANSWER_TIMEOUT.plus(READY_TIMEOUT));
            } catch (VelosException e) {
                if (e.code() != ErrorCode.INVALID_ARGUMENT || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VelosException(ErrorCode.SYSTEM, "interrupted while waiting to hand over", e);
            }
        }
    }

    private VelosException failed(int pid, String what, RuntimeException cause) {
        String message = "the new daemon (pid " + pid + ") failed: " + what + " (" + cause.getMessage() + "); this daemon"
                + " carries on with every app, nothing changed; see " + home.resolve("logs").resolve("daemon-restart.log");
        System.err.println("[velos-daemon] daemon restart: " + message);
        return new VelosException(ErrorCode.SYSTEM, message, cause);
    }
}
