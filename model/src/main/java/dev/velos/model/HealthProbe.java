// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A readiness or liveness probe, with Kubernetes' knobs and defaults: the first attempt
 * {@code initialDelay} after the child starts, then one every {@code period}; an attempt that
 * takes longer than {@code timeout} fails; {@code failureThreshold} failures in a row make the
 * probe fail, {@code successThreshold} successes in a row make it pass.
 */
public record HealthProbe(ProbeCheck check, Duration initialDelay, Duration period, Duration timeout,
                          int failureThreshold, int successThreshold) {
    public static final HealthProbe NONE = new HealthProbe(ProbeCheck.NONE, Duration.ZERO, Duration.ofSeconds(10),
            Duration.ofSeconds(1), 3, 1);

    public HealthProbe {
        Objects.requireNonNull(check, "check");
        Checks.nonNegative("initial_delay", initialDelay);
        Checks.require(period.toMillis() >= 10 && timeout.toMillis() >= 1, "probe period must be >= 10 ms and timeout > 0,"
                + " got " + period.toMillis() + " ms and " + timeout.toMillis() + " ms");
        Checks.require(failureThreshold >= 1 && successThreshold >= 1,
                "probe failure_threshold and success_threshold must be >= 1");
    }

    /** A probe running {@code check} with the default timings. */
    public static HealthProbe of(ProbeCheck check) {
        return new HealthProbe(check, NONE.initialDelay, NONE.period, NONE.timeout, NONE.failureThreshold,
                NONE.successThreshold);
    }

    public boolean isEnabled() {
        return !(check instanceof ProbeCheck.None);
    }

    public HealthProbe withPeriod(Duration value) {
        return new HealthProbe(check, initialDelay, value, timeout, failureThreshold, successThreshold);
    }

    public HealthProbe withTimeout(Duration value) {
        return new HealthProbe(check, initialDelay, period, value, failureThreshold, successThreshold);
    }

    public HealthProbe withFailureThreshold(int value) {
        return new HealthProbe(check, initialDelay, period, timeout, value, successThreshold);
    }
}
