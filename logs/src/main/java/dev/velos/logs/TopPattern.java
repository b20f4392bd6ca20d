// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Objects;

/**
 * A pattern as the summary shows it: {@code {"template","count","trend"}} (REFERENCE §9.6).
 *
 * @param template the normalised message
 * @param count    lines in the pattern window
 * @param trend    rising, stable or declining
 */
public record TopPattern(String template, long count, Trend trend) {
    public TopPattern {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(trend, "trend");
    }

    /** The summary view of {@code pattern}. */
    public static TopPattern of(LogPattern pattern) {
        return new TopPattern(pattern.template(), pattern.count(), pattern.trend());
    }
}
