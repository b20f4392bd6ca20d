// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;

import dev.velos.model.ExitCodePolicy;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartPolicy;

/**
 * What happens after a child exits on its own (REFERENCE §3.2 with the fixes of DESIGN.md §4):
 * the new status, the consecutive-crash count, and whether to restart. Pure, so every branch
 * is unit-tested without processes.
 */
final class ExitPolicy {
    private ExitPolicy() {
    }

    enum Action { NONE, RESTART, CRASH_LOOP }

    /** The outcome; {@code delay} matters only for {@link Action#RESTART}. */
    record Decision(ProcessStatus status, int consecutiveCrashes, Action action, Duration delay) {
    }

    /**
     * @param policy             the entry's restart policy
     * @param statusBefore       status while the child ran; a crash while {@code starting} is
     *                           restarted too (the original never restarted it)
     * @param exit               how the child ended
     * @param uptime             how long it ran
     * @param consecutiveCrashes quick exits in a row before this one
     */
    static Decision decide(RestartPolicy policy, ProcessStatus statusBefore, ExitStatus exit, Duration uptime,
                           int consecutiveCrashes) {
        return decide(policy, ExitCodePolicy.DEFAULT, statusBefore, exit, uptime, consecutiveCrashes);
    }

    /**
     * As above, with the exit-code policy: an exit it says ends cleanly ({@code stop_exit_codes},
     * or 0 with {@code on-failure}) leaves the entry {@code stopped} and is not restarted.
     */
    static Decision decide(RestartPolicy policy, ExitCodePolicy exitCodes, ProcessStatus statusBefore, ExitStatus exit,
                           Duration uptime, int consecutiveCrashes) {
        if (exitCodes.endsCleanly(exit)) {
            return new Decision(ProcessStatus.STOPPED, consecutiveCrashes, Action.NONE, Duration.ZERO);
        }
        ProcessStatus status = exit.isAbnormal() ? ProcessStatus.ERRORED : ProcessStatus.STOPPED;
        if (!policy.autorestart() || !statusBefore.isAlive()) {
            return new Decision(status, consecutiveCrashes, Action.NONE, Duration.ZERO);
        }
        int crashes = uptime.compareTo(policy.minUptime()) < 0 ? consecutiveCrashes + 1 : 0;
        if (policy.isCrashLoop(crashes)) {
            return new Decision(ProcessStatus.ERRORED, crashes, Action.CRASH_LOOP, Duration.ZERO);
        }
        return new Decision(status, crashes, Action.RESTART, policy.delayAfter(crashes));
    }
}
