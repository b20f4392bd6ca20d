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
    /**
     * It exited, but how cannot be known: it was not a child of the supervisor that saw it go (an
     * app taken over from a predecessor, issue 20), and only a parent can collect an exit status.
     * {@link #isKnown()} is false; a restart policy treats it as a failure.
     */
    public static final ExitStatus UNKNOWN = new ExitStatus(-2, 0);

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
        if (code == UNKNOWN.code) {
            return "exited (exit status unknown: not a child of this supervisor)";
        }
        if (!isKnown()) {
            return "not exited";
        }
        return signal != 0 ? "killed by signal " + signal : "exited with code " + code;
    }
}
