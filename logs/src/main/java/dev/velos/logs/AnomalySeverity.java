// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

/**
 * How far above normal an {@link Anomaly} is: 2σ or more is a warning, 3σ or more critical
 * (REFERENCE §9.8). {@link #toString()} is the capitalised wire name ({@code Warning},
 * {@code Critical}).
 */
public enum AnomalySeverity {
    WARNING("Warning"),
    CRITICAL("Critical");

    private final String jsonName;

    AnomalySeverity(String jsonName) {
        this.jsonName = jsonName;
    }

    /** {@code Warning} or {@code Critical}. */
    public String jsonName() {
        return jsonName;
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
