// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/** The log store cannot do what was asked: its writer is stuck or dead. Always {@link ErrorCode#SYSTEM}. */
public final class LogStoreException extends VelosException {
    private static final long serialVersionUID = 1L;

    public LogStoreException(String message, Throwable cause) {
        super(ErrorCode.SYSTEM, message, cause);
    }
}
