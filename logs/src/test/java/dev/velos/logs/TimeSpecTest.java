// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;

import dev.velos.model.ErrorCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TimeSpecTest {
    private static final long NOW = 1_764_147_600_000L; // 2025-11-26T09:00:00Z
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
            "1h,1764144000000", "30m,1764145800000", "2d,1763974800000", "45s,1764147555000", "0m,1764147600000",
            "' 5m ',1764147300000", "'\t1h\n',1764144000000", "1764000000000,1764000000000", "0,0"})
    void relativeAndEpochForms(String spec, long expected) {
        assertThat(TimeSpec.parse(spec, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
            "2026-11-26T09:00:00Z,1795683600000",
            "2026-11-26T09:00:00.250Z,1795683600250",
            "2026-11-26T09:00Z,1795683600000",
            "2026-11-26t09:00:00z,1795683600000",
            "2026-11-26T10:00:00+01:00,1795683600000",
            "2026-11-26T04:00:00-05:00,1795683600000",
            "2026-11-26t10:00:00+01:00,1795683600000",
            "2026-11-26T10:00:00,1795683600000",
            "2026-11-26 10:00:00,1795683600000",
            "2026-11-26,1795647600000"})
    void isoForms(String spec, long expected) {
        assertThat(TimeSpec.parse(spec, NOW, PARIS)).isEqualTo(expected);
    }

    @Test
    void localTimesUseTheSystemZoneByDefault() {
        long viaDefault = TimeSpec.parse("2026-11-26T10:00:00", NOW);
        assertThat(viaDefault).isEqualTo(TimeSpec.parse("2026-11-26T10:00:00", NOW, ZoneId.systemDefault()));
        assertThat(TimeSpec.parse("2026-11-26T10:00:00", NOW, ZoneOffset.UTC)).isEqualTo(1_795_687_200_000L);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"500ms", "-1h", "+1h", "1.5h", "h", "1 h", "0x10m", "1e3s", "١h"})
    void aBadNumberWithAKnownSuffixIsAnInvalidTime(String spec) {
        LogQueryException e = catchThrowableOfType(LogQueryException.class, () -> TimeSpec.parse(spec, NOW));
        assertThat(e).hasMessage("invalid time: " + spec);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "  ", "yesterday", "1w", "1H", "-5", "2026-13-01T00:00:00Z", "2026-11-26T25:00:00",
            "2026-11-26T10:00:00+25:00", "26/11/2026", "2026-11-26T", "12:00"})
    void anythingElseIsAnUnsupportedFormat(String spec) {
        assertThatThrownBy(() -> TimeSpec.parse(spec, NOW)).isInstanceOf(LogQueryException.class)
                .hasMessage("unsupported time format: " + spec
                        + " (use: 1h, 30m, 2d, 45s, an epoch-ms timestamp, or ISO-8601 like 2026-11-26T09:00:00Z)");
    }

    @Test
    void hugeValuesSaturateInsteadOfOverflowing() {
        assertThat(TimeSpec.parse("99999999999d", NOW)).isZero();
        assertThat(TimeSpec.parse("9999999999999999999999999999h", NOW)).isZero();
        assertThat(TimeSpec.parse("106751991167d", NOW)).isZero();
        assertThat(TimeSpec.parse("99999999999999999999999", NOW)).isEqualTo(Long.MAX_VALUE);
        assertThat(TimeSpec.parse("9223372036854775807", NOW)).isEqualTo(Long.MAX_VALUE);
        assertThat(TimeSpec.parse("1h", 1000)).isZero();
    }

    @Test
    void onlyLogQueryExceptionsEscape() {
        Random r = new Random(4);
        for (int i = 0; i < 5000; i++) {
            String spec = i % 2 == 0 ? Lines.randomText(r, "0123456789hmsdTZ:-+. zx", 30) : Lines.randomUnits(r, 30);
            long now = r.nextLong();
            try {
                TimeSpec.parse(spec, now);
            } catch (LogQueryException e) {
                assertThat(e.getMessage()).contains(spec);
            }
        }
    }
}
