// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Locale;

/**
 * The {@code autorestart} setting: always (true), only after a failure, or never (false). It is
 * kept as two facts of an {@link AppSpec} — {@link RestartPolicy#autorestart()} (restart at all)
 * and {@link ExitCodePolicy#restartOnFailureOnly()} — so specs written before this setting keep
 * their meaning; {@link AppSpec#autorestartMode()} and {@link AppSpec#withAutorestart} join them.
 */
public enum AutoRestart {
    /** Restart after every exit that was not requested (and not a stop exit code). */
    ALWAYS("always"),
    /** Restart only after a non-zero exit or a death by signal; exit 0 stays stopped. */
    ON_FAILURE("on-failure"),
    /** Never restart automatically. */
    NEVER("never");

    private final String wireName;

    AutoRestart(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses {@code always}, {@code on-failure} (or {@code on_failure}), {@code never}, {@code true}, {@code false}. */
    public static AutoRestart parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "always", "true" -> ALWAYS;
            case "on-failure" -> ON_FAILURE;
            case "never", "false" -> NEVER;
            default -> throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid autorestart '" + text
                    + "' (use always, on-failure or never; true and false also work)");
        };
    }
}
