// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** Rotation by time ({@code log_rotate}): a file is rotated at its first write in a new local hour or day. */
public enum LogRotation {
    NONE, HOURLY, DAILY;

    /** {@code "daily"}, {@code "hourly"} or {@code "none"}/empty; anything else is a clear error. */
    public static LogRotation parse(String value) {
        return switch (value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "", "none", "size" -> NONE;
            case "hourly" -> HOURLY;
            case "daily" -> DAILY;
            default -> throw new VelosException(ErrorCode.INVALID_ARGUMENT,
                    "log_rotate must be \"daily\", \"hourly\" or \"none\", got \"" + value + "\"");
        };
    }

    /** The start of the local period holding {@code at} (epoch millis), in {@code zone}; one value for NONE. */
    public long periodOf(Instant at, ZoneId zone) {
        return switch (this) {
            case NONE -> 0;
            case HOURLY -> at.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant().toEpochMilli();
            case DAILY -> at.atZone(zone).truncatedTo(ChronoUnit.DAYS).toInstant().toEpochMilli();
        };
    }
}
