// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

/** Which pipe a log line came from; the codes are the wire values of the original. */
public enum LogStream {
    STDOUT(0, "out"),
    STDERR(1, "err");

    private final int code;
    private final String shortName;

    LogStream(int code, String shortName) {
        this.code = code;
        this.shortName = shortName;
    }

    public int code() {
        return code;
    }

    /** {@code out} / {@code err}, as in {@code <name>-out.log}. */
    public String shortName() {
        return shortName;
    }

    /** The level of a line that says nothing of its own: stderr warn, stdout info (REFERENCE §9). */
    public Level defaultLevel() {
        return this == STDERR ? Level.WARN : Level.INFO;
    }

    /** {@code err} → STDERR; anything else → STDOUT (the wire carries the short names). */
    public static LogStream ofShortName(String name) {
        return STDERR.shortName.equals(name) ? STDERR : STDOUT;
    }
}
