// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Objects;

import dev.velos.model.Level;

/**
 * A template that recurs inside the pattern window (REFERENCE §9.5).
 *
 * @param template    the normalised message
 * @param count       lines inside the window with this template
 * @param level       the most severe level among them
 * @param firstSeenMs earliest of them
 * @param lastSeenMs  latest of them
 * @param trend       whether they cluster in the second half of the window
 */
public record LogPattern(String template, long count, Level level, long firstSeenMs, long lastSeenMs, Trend trend) {
    public LogPattern {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(trend, "trend");
    }
}
