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
 */
final class OrphanReaper {
    private static final System.Logger LOG = System.getLogger(OrphanReaper.class.getName());
    private static final int MAX_PER_PASS = 1024;

    private long reaped;

    /** Reaps every waiting orphan; stops at the first managed zombie (its pidfd event is pending). */
    void reap(CallState cs, IntPredicate isManaged) {
        for (int i = 0; i < MAX_PER_PASS; i++) {
            Optional<Wait.Result> peek = Wait.waitid(cs, Wait.P_ALL, 0, Wait.WEXITED | Wait.WNOHANG | Wait.WNOWAIT);
            if (peek.isEmpty() || isManaged.test(peek.get().pid())) {
                return;
            }
            int pid = peek.get().pid();
            Wait.waitid(cs, Wait.P_PID, pid, Wait.WEXITED | Wait.WNOHANG);
            reaped++;
            LOG.log(Level.DEBUG, "reaped orphan pid {0}", pid);
        }
    }

    long reapedCount() {
        return reaped;
    }
}
