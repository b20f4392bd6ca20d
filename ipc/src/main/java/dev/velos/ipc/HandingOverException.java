// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import dev.velos.model.ErrorCode;

/**
 * The daemon that got a request had just handed its apps over to its successor ({@code velos
 * daemon restart}, {@code velos update}; docs/HANDOVER.md) and did not answer it: the successor,
 * already at the same socket path, will. On the wire it is a {@code closed} error marked
 * {@code handing_over} (older clients see a plain {@code closed} error), with {@code not_run} when
 * the request was refused before anything was done. {@link VelosClient} sends a read-only request,
 * or one that was not run, once more to the successor; for a change that may have been made in
 * part it reports this instead, saying so.
 */
public final class HandingOverException extends IpcException {
    private static final long serialVersionUID = 1L;

    private final boolean notRun;

    public HandingOverException(String message, boolean notRun) {
        super(ErrorCode.CLOSED, message);
        this.notRun = notRun;
    }

    /** The daemon refused {@code cmd} before doing anything. */
    public static HandingOverException notRun(String cmd) {
        return new HandingOverException("the daemon handed its apps over to a new daemon (a daemon restart) before it ran '"
                + cmd + "': nothing was done; run it again", true);
    }

    /** The daemon was part-way through {@code cmd} when it handed over: some of it may have happened. */
    public static HandingOverException mayHaveRun(String cmd) {
        return new HandingOverException("the daemon handed its apps over to a new daemon (a daemon restart) while it was"
                + " running '" + cmd + "': it may have been done in part; check with 'velos list' and run it again if needed",
                false);
    }

    /** Whether the request was refused before anything was done (so sending it again is safe). */
    public boolean notRun() {
        return notRun;
    }
}
