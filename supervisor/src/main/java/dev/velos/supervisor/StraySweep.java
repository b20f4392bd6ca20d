// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

import dev.velos.sys.ErrnoException;
import dev.velos.sys.Epoll;
import dev.velos.sys.Fd;
import dev.velos.sys.Pidfd;
import dev.velos.sys.Signals;
import dev.velos.sys.Wait;
import dev.velos.sys.linux.ProcEnviron;

/**
 * Ends processes that carry an app's owner marker but left its process group — {@code setsid},
 * a double fork, a daemonising server (issue 14.11) — as the group is ended: SIGTERM, SIGKILL
 * after the kill timeout, done when all are gone. Loop thread only.
 *
 * <p>A pid from a scan is only a hint: by the time it is used the process may have exited and
 * the pid gone to a stranger. So each one is pinned with {@code pidfd_open} first, then its
 * {@code environ} is read again and must carry the exact marker, and every signal goes through
 * the pidfd. A pid reused before {@code pidfd_open} names a process without the marker and is
 * skipped; one reused after it cannot be reached, since the pidfd names the original process.
 * An exit is seen as the pidfd turning readable (for any process, not only children); one that
 * is this process's child (re-parented to it as subreaper) is reaped through the same pidfd.
 */
final class StraySweep {
    private static final System.Logger LOG = System.getLogger(StraySweep.class.getName());
    private static final int SELF = (int) ProcessHandle.current().pid();

    private final EventLoop loop;
    private final String what;
    private final long killTimeoutMillis;
    private final Runnable onDone;
    private final Map<Fd, Long> live = new HashMap<>();
    private TimerQueue.Timer killTimer;
    private boolean started;
    private boolean done;

    /** A sweep that runs {@code onDone} once every process {@link #end}ed is gone. */
    StraySweep(EventLoop loop, String what, long killTimeoutMillis, Runnable onDone) {
        this.loop = loop;
        this.what = what;
        this.killTimeoutMillis = killTimeoutMillis;
        this.onDone = onDone;
    }

    /** Verifies that {@code pid} still carries {@code marker} and sends it SIGTERM; false when it did not qualify. */
    boolean end(int pid, String marker, ProcEnviron environ) {
        if (pid == SELF) {
            return false; // this JVM was itself started by an app (a nested supervisor): never signal ourselves
        }
        Fd pidfd;
        try {
            pidfd = Pidfd.open(loop.callState(), pid);
        } catch (ErrnoException e) {
            return false; // gone already
        }
        boolean ours = environ.value(pid, LaunchPlanner.OWNER_ENV).filter(marker::equals).isPresent();
        if (!ours || !signal(pidfd, Signals.SIGTERM)) {
            pidfd.close(loop.callState());
            return false;
        }
        live.put(pidfd, loop.register(pidfd.value(), Epoll.EPOLLIN, events -> onExit(pidfd)));
        return true;
    }

    /** Every qualifying process has been given SIGTERM: arm the SIGKILL deadline, or finish at once. */
    void start() {
        started = true;
        if (live.isEmpty()) {
            finish();
            return;
        }
        LOG.log(Level.INFO, "{0}: {1} process(es) outside its process group carry its marker; stopping them",
                what, live.size());
        killTimer = loop.schedule(killTimeoutMillis, () -> {
            LOG.log(Level.INFO, "{0}: {1} process(es) outside its group did not stop within {2} ms; sent SIGKILL",
                    what, live.size(), killTimeoutMillis);
            live.keySet().forEach(fd -> signal(fd, Signals.SIGKILL));
        });
    }

    /**
     * Signals through the pidfd; false when the process is gone, or not ours to signal (EPERM: it
     * carries the marker but changed its user, a setuid program) — then it is left alone.
     */
    private boolean signal(Fd pidfd, int signal) {
        try {
            return Pidfd.sendSignal(loop.callState(), pidfd, signal, 0);
        } catch (ErrnoException e) {
            LOG.log(Level.WARNING, "{0}: cannot signal a process that carries its marker: {1}", what, e.getMessage());
            return false;
        }
    }

    private void onExit(Fd pidfd) {
        // Reaps it if it is this process's child (subreaper); for anyone else's, ECHILD: nothing to do.
        Wait.waitid(loop.callState(), Wait.P_PIDFD, pidfd.value(), Wait.WEXITED | Wait.WNOHANG);
        loop.deregister(live.remove(pidfd), pidfd.value());
        pidfd.close(loop.callState());
        if (started && live.isEmpty()) {
            finish();
        }
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        if (killTimer != null) {
            killTimer.cancel();
        }
        onDone.run();
    }
}
