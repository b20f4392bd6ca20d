// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Severity of a classified log line (REFERENCE §9.1), in ascending order: {@link #order()} and
 * {@link #compareTo} agree, so "more severe" is simply "greater".
 *
 * <p>Two spellings reach the wire: {@link #lowerName()} ({@code error}) in {@code --ai} output,
 * summaries and filters, and {@link #jsonName()} ({@code Error}) in {@code --json} and dedupe
 * output.
 */
public enum Level {
    DEBUG("debug", "Debug"),
    INFO("info", "Info"),
    WARN("warn", "Warn"),
    ERROR("error", "Error"),
    FATAL("fatal", "Fatal");

    private static final Level[] VALUES = values();

    private final String lowerName;
    private final String jsonName;

    Level(String lowerName, String jsonName) {
        this.lowerName = lowerName;
        this.jsonName = jsonName;
    }

    /** 0 (debug) … 4 (fatal), as in the reference table. */
    public int order() {
        return ordinal();
    }

    /** {@code debug}, {@code info}, {@code warn}, {@code error} or {@code fatal}. */
    public String lowerName() {
        return lowerName;
    }

    /** {@code Debug}, {@code Info}, {@code Warn}, {@code Error} or {@code Fatal}. */
    public String jsonName() {
        return jsonName;
    }

    /** True for {@link #ERROR} and {@link #FATAL}: what the health score counts as an error. */
    public boolean isErrorOrWorse() {
        return this == ERROR || this == FATAL;
    }

    /** The more severe of the two. */
    public static Level max(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The level with the given {@link #order()}, if any. */
    public static Optional<Level> ofOrder(int order) {
        return order >= 0 && order < VALUES.length ? Optional.of(VALUES[order]) : Optional.empty();
    }

    /**
     * Parses a user's level token, case-insensitively and ignoring surrounding blanks:
     * {@code debug}, {@code info}, {@code warn}/{@code warning}, {@code error}/{@code err},
     * {@code fatal}. Anything else is empty (REFERENCE §8.7: unknown tokens are ignored).
     */
    public static Optional<Level> parse(String token) {
        return switch (token.strip().toLowerCase(Locale.ROOT)) {
            case "debug" -> Optional.of(DEBUG);
            case "info" -> Optional.of(INFO);
            case "warn", "warning" -> Optional.of(WARN);
            case "error", "err" -> Optional.of(ERROR);
            case "fatal" -> Optional.of(FATAL);
            default -> Optional.empty();
        };
    }
}
