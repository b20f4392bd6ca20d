// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/** A supervisor operation failed; {@link #code()} says how. */
public final class SupervisorException extends VelosException {
    private static final long serialVersionUID = 1L;

    public SupervisorException(ErrorCode code, String message) {
        super(code, message);
    }

    public SupervisorException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }

    static SupervisorException notFound(String name) {
        return new SupervisorException(ErrorCode.NOT_FOUND, "process '" + name + "' not found");
    }
}
