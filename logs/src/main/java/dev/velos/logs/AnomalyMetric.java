// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Locale;

/**
 * What an {@link Anomaly} measured, per minute (REFERENCE §9.8). {@link #toString()} is the wire
 * name ({@code error_rate}, {@code log_volume}).
 */
public enum AnomalyMetric {
    /** Error and fatal lines per minute. */
    ERROR_RATE,
    /** All lines per minute. */
    LOG_VOLUME;

    /** {@code error_rate} or {@code log_volume}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
