// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

/**
 * How a child ended: a normal exit with a code, or death by a signal.
 *
 * @param code   exit code (0-255), or 0 when killed by a signal
 * @param signal the signal that killed it, or 0 for a normal exit
 */
public record ExitStatus(int code, int signal) {
    /** Placeholder for "has not exited yet"; {@link #isKnown()} is false. */
    public static final ExitStatus NONE = new ExitStatus(-1, 0);

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0);
    }

    public static ExitStatus killed(int signal) {
        return new ExitStatus(0, signal);
    }

    public boolean isKnown() {
        return code >= 0;
    }

    public boolean killedBySignal() {
        return signal != 0;
    }

    /** Non-zero exit code or killed by a signal. */
    public boolean isAbnormal() {
        return isKnown() && (signal != 0 || code != 0);
    }

    @Override
    public String toString() {
        if (!isKnown()) {
            return "not exited";
        }
        return signal != 0 ? "killed by signal " + signal : "exited with code " + code;
    }
}
