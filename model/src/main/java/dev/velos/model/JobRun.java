// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One run of a scheduled job, or one firing that did not start a run.
 *
 * @param trigger  what asked for it: {@code cron}, {@code run-now}, {@code start}, {@code queued}
 * @param outcome  {@code ran}, {@code running}, {@code skipped} (overlap = skip), {@code failed} (did not spawn)
 * @param start    when it started (or was skipped)
 * @param end      when it ended; {@link Instant#EPOCH} while running or when it never ran
 * @param exit     how it ended; {@link ExitStatus#NONE} while running or when it never ran
 */
public record JobRun(String trigger, String outcome, Instant start, Instant end, ExitStatus exit) {
    public JobRun {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(exit, "exit");
    }

    /** How long the run took; zero while running or when it never ran. */
    public Duration duration() {
        return end.equals(Instant.EPOCH) ? Duration.ZERO : Duration.between(start, end);
    }
}
