// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import dev.velos.model.ErrorCode;

/** The bytes on the socket are not a valid velos frame; the connection cannot continue. */
public final class ProtocolException extends IpcException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(ErrorCode.INVALID_ARGUMENT, message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(ErrorCode.INVALID_ARGUMENT, message, cause);
    }
}
