// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Instant;

import dev.velos.sys.CallState;
import dev.velos.sys.Epoll;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Fd;
import dev.velos.sys.Pidfd;
import dev.velos.sys.Signals;
import dev.velos.sys.linux.ProcFs;

/**
 * One generation of a managed process: the spawned leader (pid = pgid = sid), its pidfd and its
 * pipe readers, plus the timers of its stop sequence. Loop thread only.
 *
 * <p>Signals go to the whole process group with {@code kill(-pgid)}: a pidfd signal reaches only
 * the leader, and the workers or {@code sleep}s a shell started would survive as orphans. While
 * the leader is unreaped the pgid cannot be reused; after that the group id stays reserved as
 * long as any member lives, so {@code kill(-pgid)} cannot hit a stranger's group while members
 * remain.
 */
final class Child {
    /** CURRENT: the entry's child; REPLACEMENT: started by a reload, not ready yet; RETIRED: replaced, stopping. */
    enum Role { CURRENT, REPLACEMENT, RETIRED }

    Role role = Role.CURRENT;
    final int pid;
    final Instant startedAt;
    final long startNanos;
    private final Fd pidfd;
    private long pidfdToken;
    final PipeReader stdout;
    final PipeReader stderr;
    boolean reaped;
    boolean termSent;
    /** The stop was asked over the channel (shutdown message), not with SIGTERM. */
    boolean termViaMessage;
    /** The daemon's end of the ready/shutdown channel, when the spec asks for one. */
    ChannelReader channel;
    /** A Node app's IPC pipe (process.send), next to {@link #channel}. */
    ChannelReader nodeChannel;
    /** The child's NOTIFY_SOCKET, with wait-ready. */
    NotifySocket notify;
    TimerQueue.Timer listenTimer;
    /** Armed once the child is ready, with a watchdog: expires unless WATCHDOG=1 arrives in time. */
    TimerQueue.Timer watchdogTimer;
    TimerQueue.Timer killTimer;
    /** This generation's probes; null when the app has none. */
    ProbeRun readinessProbe;
    ProbeRun livenessProbe;
    TimerQueue.Timer groupPoll;
    long lastCpuTicks;
    long lastSampleNanos;
    /**
     * Taken over from a predecessor (a hand-over, or adopted after a crash): most likely not this
     * process's child, so its exit status cannot be had from waitid (ECHILD) and is reported unknown.
     */
    boolean adopted;

    Child(int pid, Instant startedAt, Fd pidfd, PipeReader stdout, PipeReader stderr) {
        this(pid, startedAt, System.nanoTime(), pidfd, stdout, stderr);
    }

    /** A generation that started {@code startNanos} (on this JVM's nanoTime scale) — earlier for one taken over. */
    Child(int pid, Instant startedAt, long startNanos, Fd pidfd, PipeReader stdout, PipeReader stderr) {
        this.pid = pid;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.lastSampleNanos = startNanos;
        this.pidfd = pidfd;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Has {@code onExit} run when the pidfd turns readable (the leader exited). Once, right after construction. */
    void watchExit(EventLoop loop, EventLoop.FdHandler onExit) {
        pidfdToken = loop.register(pidfd.value(), Epoll.EPOLLIN, onExit);
    }

    Fd pidfd() {
        return pidfd;
    }

    /** Deregisters and closes the pidfd once reaped; a reaped pidfd stays readable forever and would spin the loop. */
    void closePidfd(EventLoop loop) {
        if (pidfd.isOpen()) {
            loop.deregister(pidfdToken, pidfd.value());
            pidfd.close(loop.callState());
        }
    }

    /**
     * Sends the shutdown message on every channel the child has (velos frames and, for a Node
     * app, Node's IPC pipe: the app listens on one of them); true when one took it.
     */
    boolean sendShutdown() {
        boolean sent = channel != null && channel.sendShutdown();
        return (nodeChannel != null && nodeChannel.sendShutdown()) || sent;
    }

    /** Sends {@code signal} to the whole process group; false when nobody is left. */
    boolean signalGroup(CallState cs, int signal) {
        return Signals.kill(cs, -pid, signal);
    }

    /** Sends {@code signal} to the leader only, through its pidfd (immune to pid reuse). */
    boolean signalLeader(CallState cs, int signal) {
        if (reaped || !pidfd.isOpen()) {
            return false;
        }
        return Pidfd.sendSignal(cs, pidfd, signal, 0);
    }

    /**
     * Whether any live member of the group remains. {@code kill(-pgid, 0)} also counts zombies,
     * which this process cannot reap unless it is the subreaper (and an init that does not reap
     * would keep them forever), so a positive answer is confirmed against {@code /proc}.
     */
    boolean groupAlive(CallState cs) {
        try {
            if (!Signals.kill(cs, -pid, 0)) {
                return false;
            }
        } catch (ErrnoException e) {
            return false;
        }
        return ProcFs.hasLiveGroupMembers(pid);
    }

    /** Stops this generation's probes (it exited, or is being replaced). */
    void cancelProbes() {
        if (readinessProbe != null) {
            readinessProbe.cancel();
        }
        if (livenessProbe != null) {
            livenessProbe.cancel();
        }
    }

    /** Uptime in nanoseconds at {@code nowNanos}. */
    long uptimeNanos(long nowNanos) {
        return nowNanos - startNanos;
    }
}
