// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

/**
 * An error the CLI detected itself, with the line that tells the user what to do next.
 * {@link AbstractCommand} prints it as {@code Error: <message>} plus the indented hint.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String hint;
    private final int exitCode;

    CliException(String message, String hint) {
        this(message, hint, ExitCode.RUNTIME, null);
    }

    CliException(String message, String hint, int exitCode, Throwable cause) {
        super(message, cause);
        this.hint = hint;
        this.exitCode = exitCode;
    }

    /** The "what to do next" line, or null. */
    String hint() {
        return hint;
    }

    int exitCode() {
        return exitCode;
    }
}
