// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * A log query the user got wrong: a bad time specification or an invalid grep pattern. Always
 * {@link ErrorCode#INVALID_ARGUMENT}; the message is meant to be shown as is.
 */
public final class LogQueryException extends VelosException {
    private static final long serialVersionUID = 1L;

    public LogQueryException(String message) {
        super(ErrorCode.INVALID_ARGUMENT, message);
    }

    public LogQueryException(String message, Throwable cause) {
        super(ErrorCode.INVALID_ARGUMENT, message, cause);
    }
}
