// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Where one probe of the current generation stands.
 *
 * @param state                what the probe says now
 * @param lastResult           the last attempt's outcome in words ({@code "HTTP 200"}, {@code "connection refused"}); "" before the first
 * @param lastAt               when the last attempt ended; {@link Instant#EPOCH} before the first
 * @param consecutiveFailures  failed attempts in a row
 * @param totalFailures        failed attempts of this entry so far, all generations ({@code velos_probe_failures_total})
 */
public record ProbeStatus(State state, String lastResult, Instant lastAt, int consecutiveFailures, long totalFailures) {
    public static final ProbeStatus NONE = new ProbeStatus(State.NONE, "", Instant.EPOCH, 0, 0);

    /** No probe; not decided yet (before the threshold); passing; failing. */
    public enum State {
        NONE, PENDING, PASSING, FAILING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ProbeStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastResult, "lastResult");
        Objects.requireNonNull(lastAt, "lastAt");
    }
}
