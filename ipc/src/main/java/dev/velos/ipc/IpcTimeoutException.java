// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import dev.velos.model.ErrorCode;

/** The daemon did not answer before the client's deadline; that client's connection is closed. */
public final class IpcTimeoutException extends IpcException {
    private static final long serialVersionUID = 1L;

    public IpcTimeoutException(String message) {
        super(ErrorCode.SYSTEM, message);
    }
}
