// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

/** The root of velos's unchecked domain exceptions; carries an {@link ErrorCode} clients can branch on. */
public class VelosException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public VelosException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public VelosException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
