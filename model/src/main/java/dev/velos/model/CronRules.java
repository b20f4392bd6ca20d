// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

/**
 * The one cron grammar of velos (DESIGN §4 "Cron"), for {@code cron_restart} and {@code cron}:
 * classic five-field UNIX crontab (minute, hour, day of month, month, day of week; names such as
 * {@code JAN} and {@code MON}; Sunday is 0 or 7; day of month and day of week are ORed when both
 * are restricted, as cron does) plus the {@code @yearly}, {@code @annually}, {@code @monthly},
 * {@code @weekly}, {@code @daily}, {@code @midnight} and {@code @hourly} macros. It lives in model
 * because the config engine (which refuses a bad expression with its file and line) and the
 * supervisor (which schedules it) share no other module: one definition, so the two never disagree.
 *
 * <p>Why not {@code CronType.UNIX}: cron-utils 9.2.1's UNIX definition rejects every macro
 * ("Nicknames not supported!"), although crontab(5) documents them. This definition is
 * cron-utils' UNIX one field for field with the macros switched on. {@code @reboot} is left out on
 * purpose: "restart on boot" is not a schedule, and a daemon that resurrects its apps already
 * starts them at boot.
 */
public final class CronRules {
    /** Five UNIX fields plus the crontab(5) macros. */
    public static final CronDefinition DEFINITION = CronDefinitionBuilder.defineCron()
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

    private CronRules() {
    }

    /**
     * Parses and validates {@code expression} (surrounding white space ignored); an invalid one is
     * an INVALID_ARGUMENT error whose message is cron-utils' own ("Value 61 not in range [0, 59]").
     */
    public static Cron parse(String expression) {
        try {
            return PARSER.parse(expression.strip()).validate();
        } catch (IllegalArgumentException e) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }
}
