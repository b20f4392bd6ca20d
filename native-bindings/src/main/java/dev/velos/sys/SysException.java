// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

/** A native operation failed. Unchecked: callers decide whether a failure is recoverable. */
public class SysException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SysException(String message) {
        super(message);
    }

    public SysException(String message, Throwable cause) {
        super(message, cause);
    }
}
