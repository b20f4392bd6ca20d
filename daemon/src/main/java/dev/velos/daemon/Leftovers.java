// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.lang.foreign.Arena;
import java.time.Duration;

import dev.velos.sys.CallState;
import dev.velos.sys.Signals;
import dev.velos.sys.linux.ProcFs;
import dev.velos.sys.linux.ProcStat;

/**
 * Stops what a daemon that died without cleaning up (kill -9, OOM) left running, before the
 * saved list is restored — otherwise every app would run twice. Processes that carry this runtime
 * directory's {@code VELOS_APP} marker are found and ended by the supervisor's one /proc marker
 * scan ({@code Supervisor.stopStrays}, called first); what is left here is the pid saved in
 * state.bin, for apps started by older daemons without that marker. A saved pid is trusted only if
 * {@code /proc} shows the same start time and the process still leads its own group, so a pid
 * the kernel has since given to an unrelated process is never signalled. The group gets SIGTERM,
 * then SIGKILL after the app's kill timeout. (Adopting the orphans instead would keep them
 * running, but their stdout went to the dead daemon's pipes and is lost; a clean restart is
 * what the user can reason about.)
 */
final class Leftovers {
    private static final long POLL_MILLIS = 50;

    private Leftovers() {
    }

    /** The start time to save with {@code pid}, 0 when it is not running. */
    static long startTicks(int pid) {
        return pid > 0 ? ProcFs.startTicks(pid).orElse(0L) : 0L;
    }

    /** Stops the group led by {@code pid} if it is still the process that was saved; true if it had to. */
    static boolean stop(int pid, long startTicks, Duration killTimeout) {
        if (pid <= 0 || startTicks <= 0) {
            return false;
        }
        ProcStat stat = ProcFs.stat(pid).orElse(null);
        if (stat == null || stat.isZombie() || stat.startTicks() != startTicks || stat.pgrp() != pid) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            Signals.kill(cs, -pid, Signals.SIGTERM);
            long deadline = System.nanoTime() + killTimeout.toNanos();
            while (ProcFs.hasLiveGroupMembers(pid) && System.nanoTime() < deadline) {
                sleep();
            }
            if (ProcFs.hasLiveGroupMembers(pid)) {
                Signals.kill(cs, -pid, Signals.SIGKILL);
                long hardDeadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (ProcFs.hasLiveGroupMembers(pid) && System.nanoTime() < hardDeadline) {
                    sleep();
                }
            }
        }
        return true;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
