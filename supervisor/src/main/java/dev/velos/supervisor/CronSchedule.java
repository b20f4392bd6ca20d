// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;

import dev.velos.model.CronRules;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * A {@code cron_restart} (or {@code cron}) schedule in the one velos grammar ({@link CronRules}),
 * evaluated in the local zone (DESIGN §4). An expression that does not parse is refused when the
 * app starts, with the parser's own message.
 */
final class CronSchedule {
    private final ExecutionTime execution;
    private final String expression;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.execution = ExecutionTime.forCron(cron);
    }

    static CronSchedule parse(String name, String expression) {
        try {
            return new CronSchedule(expression, CronRules.parse(expression));
        } catch (VelosException e) {
            throw new SupervisorException(ErrorCode.INVALID_ARGUMENT, "process '" + name + "': invalid cron_restart '"
                    + expression + "': " + e.getMessage());
        }
    }

    /** Time from {@code now} to the next firing, if there is one. */
    Optional<Duration> untilNext(ZonedDateTime now) {
        return execution.timeToNextExecution(now);
    }

    /** The first firing strictly after {@code time}, if there is one. */
    Optional<ZonedDateTime> nextAfter(ZonedDateTime time) {
        return execution.nextExecution(time);
    }

    String expression() {
        return expression;
    }
}
