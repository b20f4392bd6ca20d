// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/** Talking to the daemon failed: not running, refused, timed out, or it answered with an error. */
public class IpcException extends VelosException {
    private static final long serialVersionUID = 1L;

    public IpcException(ErrorCode code, String message) {
        super(code, message);
    }

    public IpcException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
