// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/** The daemon cannot do what was asked: state files, runtime directory, lock. */
public final class DaemonException extends VelosException {
    private static final long serialVersionUID = 1L;

    public DaemonException(String message, Throwable cause) {
        super(ErrorCode.SYSTEM, message, cause);
    }

    public DaemonException(String message) {
        super(ErrorCode.SYSTEM, message);
    }
}
