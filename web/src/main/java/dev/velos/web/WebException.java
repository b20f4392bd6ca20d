// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

/** An HTTP server could not start or run (port in use, say): exit code 1. */
public final class WebException extends RuntimeException {
    public WebException(String message, Throwable cause) {
        super(message, cause);
    }
}
