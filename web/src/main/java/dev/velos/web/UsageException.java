// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

/** A server option that cannot work (a public bind without a token, an unknown host): exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
