// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import dev.velos.model.ErrorCode;

/**
 * A {@code cron_restart} schedule: standard UNIX cron (five fields, names like {@code MON},
 * day-of-month OR day-of-week) plus the {@code @daily}-style macros, evaluated in the local zone
 * (DESIGN §4). An expression that does not parse is refused when the app starts, with the
 * parser's own message.
 */
final class CronSchedule {
    private static final CronParser PARSER = new CronParser(definition());

    private final ExecutionTime execution;
    private final String expression;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.execution = ExecutionTime.forCron(cron);
    }

    private static CronDefinition definition() {
        return CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    }

    static CronSchedule parse(String name, String expression) {
        String expr = switch (expression.trim()) {
            case "@yearly", "@annually" -> "0 0 1 1 *";
            case "@monthly" -> "0 0 1 * *";
            case "@weekly" -> "0 0 * * 0";
            case "@daily", "@midnight" -> "0 0 * * *";
            case "@hourly" -> "0 * * * *";
            default -> expression.trim();
        };
        try {
            return new CronSchedule(expression, PARSER.parse(expr).validate());
        } catch (IllegalArgumentException e) {
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
