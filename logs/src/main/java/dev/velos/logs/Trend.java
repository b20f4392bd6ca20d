// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Locale;

/**
 * Direction of a pattern inside its window (REFERENCE §9.5). The wire name is lower-case
 * ({@code rising}, {@code stable}, {@code declining}); {@link #toString()} returns it too, so
 * Jackson's {@code WRITE_ENUMS_USING_TO_STRING} writes the reference spelling.
 */
public enum Trend {
    RISING,
    STABLE,
    DECLINING;

    /** {@code rising}, {@code stable} or {@code declining}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    /**
     * The trend of a group with {@code firstHalf} lines before the window's midpoint and
     * {@code secondHalf} at or after it: fewer than 4 lines → stable; more than 65 % in the second
     * half → rising; less than 35 % → declining; otherwise stable. Integer arithmetic, so the
     * boundaries (exactly 65 % or 35 %) are stable, as with exact fractions.
     */
    public static Trend of(long firstHalf, long secondHalf) {
        long total = firstHalf + secondHalf;
        if (total < 4) {
            return STABLE;
        }
        if (secondHalf * 100 > total * 65) {
            return RISING;
        }
        return secondHalf * 100 < total * 35 ? DECLINING : STABLE;
    }
}
