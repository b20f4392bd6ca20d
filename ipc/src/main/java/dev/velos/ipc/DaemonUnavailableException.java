// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import dev.velos.model.ErrorCode;

/** No daemon answers on the socket (missing, stale, or refused). */
public final class DaemonUnavailableException extends IpcException {
    private static final long serialVersionUID = 1L;

    public DaemonUnavailableException(String message, Throwable cause) {
        super(ErrorCode.CLOSED, message, cause);
    }
}
