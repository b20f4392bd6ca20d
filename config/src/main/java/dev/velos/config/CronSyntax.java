// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * The {@code cron_restart} grammar (DESIGN.md §4 "Cron"): classic five-field UNIX crontab
 * (minute, hour, day of month, month, day of week; names such as {@code JAN} and {@code MON};
 * Sunday is 0 or 7; day of month and day of week are ORed when both are restricted, as cron
 * does) plus the {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly},
 * {@code @daily}, {@code @midnight} and {@code @hourly} macros.
 *
 * <p>Why not {@code CronType.UNIX}: cron-utils 9.2.1's UNIX definition rejects every macro
 * ("Nicknames not supported!"), although crontab(5) documents them. This definition is
 * cron-utils' UNIX one field for field with the macros switched on. {@code @reboot} is left
 * out on purpose: "restart on boot" is not a schedule, and a daemon that resurrects its apps
 * already starts them at boot.
 */
final class CronSyntax {
    /**
     * Five UNIX fields plus the crontab(5) macros. The daemon must schedule with this same grammar;
     * today supervisor's CronSchedule writes it a second time (UNIX definition, macros rewritten),
     * because config and supervisor share no module but model (issue 17: one definition, there).
     */
    static final CronDefinition DEFINITION = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).withStrictRange().and()
            .withHours().withValidRange(0, 23).withStrictRange().and()
            .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
            .withMonth().withValidRange(1, 12).withStrictRange().and()
            .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
            .withSupportedNicknameYearly()
            .withSupportedNicknameAnnually()
            .withSupportedNicknameMonthly()
            .withSupportedNicknameWeekly()
            .withSupportedNicknameDaily()
            .withSupportedNicknameMidnight()
            .withSupportedNicknameHourly()
            .instance();

    private static final CronParser PARSER = new CronParser(DEFINITION);

    private CronSyntax() {
    }

    /**
     * Parses and validates {@code expression}; an invalid one is an INVALID_ARGUMENT error whose
     * message is cron-utils' own ("Value 61 not in range [0, 59]").
     */
    static Cron parse(String expression) {
        try {
            Cron cron = PARSER.parse(expression.strip());
            return cron.validate();
        } catch (IllegalArgumentException e) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }
}
