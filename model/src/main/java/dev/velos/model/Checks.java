// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;

/**
 * The checks the model's compact constructors share. A value that breaks one is the caller's
 * mistake (a config key, a REST field, a CLI flag), so it is {@link ErrorCode#INVALID_ARGUMENT}
 * with a message that names the key as the user wrote it.
 */
public final class Checks {
    private Checks() {
    }

    /** Throws INVALID_ARGUMENT with {@code message} unless {@code valid}. */
    public static void require(boolean valid, String message) {
        if (!valid) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, message);
        }
    }

    /** Throws INVALID_ARGUMENT, naming {@code key}, if {@code value} is negative. */
    public static void nonNegative(String key, Duration value) {
        require(!value.isNegative(), key + " must not be negative, got " + value.toMillis() + " ms");
    }
}
