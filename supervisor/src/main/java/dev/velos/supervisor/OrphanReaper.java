// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.IntPredicate;

import dev.velos.sys.CallState;
import dev.velos.sys.Wait;

/**
 * Reaps orphans re-parented to this process while it is a child subreaper (double-forked
 * grandchildren of managed apps), without stealing managed children: it only <em>peeks</em>
 * with {@code waitid(P_ALL, WNOHANG|WNOWAIT)} and reaps by pid only what it does not manage;
 * managed children are reaped through their pidfds. A plain {@code waitid(P_ALL)} would take
 * exit statuses that belong to the pidfd path (NATIVE-NOTES gotcha 9).
 *
 * <p>It must not run while a spawn is in flight: the new child exists before the loop knows
 * its pid, and would look like an orphan.
 *
 * <p>Nothing tells this process when an orphan dies (SIGCHLD would need a signal handler the JVM
 * cannot take safely), so the loop peeks on a timer. Every second, as long as passes find
 * orphans or an app has just exited or started (the moments orphans appear: a stopped group's
 * stragglers, a double-forking start); after a pass that found none the wait doubles, up to
 * {@link #QUIET_PASS_MILLIS}, so an idle daemon is not woken every second for nothing (issue 15's
 * idle-CPU row). A late orphan of a quiet daemon stays a zombie that long at the most.
 */
final class OrphanReaper {
    private static final System.Logger LOG = System.getLogger(OrphanReaper.class.getName());
    private static final int MAX_PER_PASS = 1024;
    static final long BUSY_PASS_MILLIS = 1000;
    static final long QUIET_PASS_MILLIS = 8000;

    private long reaped;
    private long nextPassMillis = BUSY_PASS_MILLIS;

    /**
     * Reaps every waiting orphan; stops at the first managed zombie (its pidfd event is pending).
     * Returns how many it reaped, and sets the wait before the next pass accordingly.
     */
    int reap(CallState cs, IntPredicate isManaged) {
        int count = 0;
        try {
            for (int i = 0; i < MAX_PER_PASS; i++) {
                Optional<Wait.Result> peek = Wait.waitid(cs, Wait.P_ALL, 0, Wait.WEXITED | Wait.WNOHANG | Wait.WNOWAIT);
                if (peek.isEmpty() || isManaged.test(peek.get().pid())) {
                    break;
                }
                int pid = peek.get().pid();
                Wait.waitid(cs, Wait.P_PID, pid, Wait.WEXITED | Wait.WNOHANG);
                reaped++;
                count++;
                LOG.log(Level.DEBUG, "reaped orphan pid {0}", pid);
            }
        } finally {
            nextPassMillis = count > 0 ? BUSY_PASS_MILLIS : Math.min(QUIET_PASS_MILLIS, nextPassMillis * 2);
        }
        return count;
    }

    /** An app exited or started: orphans may follow soon, so the next pass comes within a second. */
    void expectOrphans() {
        nextPassMillis = BUSY_PASS_MILLIS;
    }

    /** How long the loop waits before the next pass. */
    long nextPassMillis() {
        return nextPassMillis;
    }

    long reapedCount() {
        return reaped;
    }
}
