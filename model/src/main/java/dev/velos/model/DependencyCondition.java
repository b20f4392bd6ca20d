// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Locale;

/**
 * What an app waits for in one of its dependencies ({@code depends_on = { db = "healthy" }}),
 * with the names process-compose and docker compose use.
 */
public enum DependencyCondition {
    /** The dependency has a live child (starting or running). */
    STARTED("started"),
    /** The dependency is running and ready: its ready message, NOTIFY_SOCKET or readiness probe said so. */
    HEALTHY("healthy"),
    /** The dependency ran and exited with code 0 (a migration, a one-shot job). */
    COMPLETED_SUCCESSFULLY("completed_successfully");

    private final String wireName;

    DependencyCondition(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses a wire name ({@code healthy}, {@code completed_successfully}; case and dashes tolerated). */
    public static DependencyCondition parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (DependencyCondition c : values()) {
            if (c.wireName.equals(t)) {
                return c;
            }
        }
        throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid dependency condition '" + text
                + "' (use started, healthy or completed_successfully)");
    }
}
