// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Locale;

/** Stable error codes shared by the library, the daemon's wire protocol and every client. */
public enum ErrorCode {
    /** No process with that name or id. */
    NOT_FOUND,
    /** A process with that name already exists and is not stopped. */
    ALREADY_EXISTS,
    /** The request itself is wrong: a bad name, a bad value, a missing field. */
    INVALID_ARGUMENT,
    /** The program could not be started (missing file, not executable, bad cwd, out of fds...). */
    SPAWN_FAILED,
    /** The supervisor or daemon is shutting down or closed. */
    CLOSED,
    /** An operating-system call failed unexpectedly. */
    SYSTEM,
    /** A bug: something that should not happen did. */
    INTERNAL;

    /** The lower-case wire name, e.g. {@code not_found}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
