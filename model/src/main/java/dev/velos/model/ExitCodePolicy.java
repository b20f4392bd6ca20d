// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Set;
import java.util.TreeSet;

/**
 * What an exit code means, and how a stop is asked for.
 *
 * @param restartOnFailureOnly {@code autorestart = "on-failure"}: an exit with code 0 is not restarted
 * @param stopExitCodes        exit codes that are never restarted (PM2's {@code stop_exit_codes}); the
 *                             entry ends {@code stopped}, not {@code errored}
 * @param stopSignal           the signal a stop sends the process group first (SIGKILL follows after
 *                             the kill timeout); default SIGTERM (15)
 */
public record ExitCodePolicy(boolean restartOnFailureOnly, Set<Integer> stopExitCodes, int stopSignal) {
    public static final int SIGTERM = 15;
    public static final ExitCodePolicy DEFAULT = new ExitCodePolicy(false, Set.of(), SIGTERM);

    public ExitCodePolicy {
        stopExitCodes = Set.copyOf(new TreeSet<>(stopExitCodes));
        for (int code : stopExitCodes) {
            if (code < 0 || code > 255) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "stop_exit_codes must be 0-255, got " + code);
            }
        }
        if (stopSignal < 1 || stopSignal > 64) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "stop_signal must be a signal number 1-64, got " + stopSignal);
        }
    }

    /** Whether {@code exit} is one the policy says not to restart (a listed code, or 0 with on-failure). */
    public boolean endsCleanly(ExitStatus exit) {
        if (!exit.isKnown() || exit.killedBySignal()) {
            return false;
        }
        return stopExitCodes.contains(exit.code()) || (restartOnFailureOnly && exit.code() == 0);
    }

    public ExitCodePolicy withRestartOnFailureOnly(boolean value) {
        return new ExitCodePolicy(value, stopExitCodes, stopSignal);
    }

    public ExitCodePolicy withStopExitCodes(Set<Integer> value) {
        return new ExitCodePolicy(restartOnFailureOnly, value, stopSignal);
    }

    public ExitCodePolicy withStopSignal(int value) {
        return new ExitCodePolicy(restartOnFailureOnly, stopExitCodes, value);
    }
}
