// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.cronutils.model.time.ExecutionTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one cron grammar: crontab(5)'s five fields and macros, nothing else. */
class CronRulesTest {
    private static final ZonedDateTime FROM = ZonedDateTime.of(2026, 12, 5, 6, 23, 0, 0, ZoneId.of("Europe/Paris"));

    @ParameterizedTest
    @CsvSource({"@yearly, 0 0 1 1 *", "@annually, 0 0 1 1 *", "@monthly, 0 0 1 * *", "@weekly, 0 0 * * 0",
        "@daily, 0 0 * * *", "@midnight, 0 0 * * *", "@hourly, 0 * * * *", "' @daily ', 0 0 * * *"})
    void eachMacroFiresExactlyWhenItsFiveFieldFormDoes(String macro, String fields) {
        ExecutionTime byMacro = ExecutionTime.forCron(CronRules.parse(macro));
        ExecutionTime byFields = ExecutionTime.forCron(CronRules.parse(fields));
        ZonedDateTime a = FROM;
        ZonedDateTime b = FROM;
        for (int i = 0; i < 24; i++) {
            a = byMacro.nextExecution(a).orElseThrow();
            b = byFields.nextExecution(b).orElseThrow();
            assertThat(a).as("firing %d of %s", i, macro).isEqualTo(b);
        }
    }

    @ParameterizedTest
    @CsvSource({"'0 0 1,15 * MON', 2026-12-07T00:00+01:00[Europe/Paris]", "'0 12 * * 7', 2026-12-06T12:00+01:00[Europe/Paris]",
        "'*/5 9-17 * * 1-5', 2026-12-07T09:00+01:00[Europe/Paris]"})
    void dayOfMonthAndDayOfWeekAreOredAndSundayIsSevenToo(String expression, String next) {
        assertThat(ExecutionTime.forCron(CronRules.parse(expression)).nextExecution(FROM).orElseThrow())
                .isEqualTo(ZonedDateTime.parse(next));
    }

    @ParameterizedTest
    @ValueSource(strings = {"61 * * * *", "* * * *", "0 0 32 * *", "@reboot", "nope", "0 0 * * * *"})
    void anythingElseIsAnInvalidArgumentWithTheParsersMessage(String expression) {
        assertThatThrownBy(() -> CronRules.parse(expression)).isInstanceOfSatisfying(VelosException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"61 * * * * | Value 61 not in range [0, 59]", "@reboot | Nickname @reboot not supported!"})
    void theMessageIsCronUtilsOwn(String expression, String message) {
        assertThatThrownBy(() -> CronRules.parse(expression)).hasMessageContaining(message);
    }
}
