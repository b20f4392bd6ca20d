// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code --since} / {@code --until} values (REFERENCE §9.7, plus ISO-8601). After trimming, in this
 * order:
 * <ol>
 *   <li>{@code Nh}, {@code Nm}, {@code Nd}, {@code Ns} (N a non-negative decimal integer) →
 *       {@code now − N·unit}; a bad N with one of these suffixes (e.g. {@code 500ms}, {@code -1h})
 *       is {@code invalid time: <spec>};</li>
 *   <li>a plain non-negative integer → that epoch-millisecond timestamp;</li>
 *   <li>ISO-8601: an instant ({@code 2026-11-26T09:00:00Z}), a date-time with offset
 *       ({@code 2026-11-26T10:00:00+01:00}), a local date-time ({@code 2026-11-26T09:00:00},
 *       also with a space for the {@code T}) or a date ({@code 2026-11-26}, its midnight), the
 *       last two in the given zone (the system zone by default);</li>
 *   <li>anything else: {@code unsupported time format: <spec> (...)}.</li>
 * </ol>
 * Arithmetic saturates: a relative time further back than the epoch is 0 and a number too large
 * for a {@code long} is {@link Long#MAX_VALUE} before multiplying, so {@code 99999999999999d}
 * means "from the beginning" instead of wrapping into the future (the original underflowed).
 */
public final class TimeSpec {
    private TimeSpec() {
    }

    /** {@code spec} as epoch milliseconds, relative to {@code nowMs}, local times in the system zone. */
    public static long parse(String spec, long nowMs) {
        return parse(spec, nowMs, ZoneId.systemDefault());
    }

    /** {@code spec} as epoch milliseconds, relative to {@code nowMs}, local times in {@code zone}. */
    public static long parse(String spec, long nowMs, ZoneId zone) {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw unsupported(spec);
        }
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'h' -> 3_600_000L;
            case 'm' -> 60_000L;
            case 'd' -> 86_400_000L;
            case 's' -> 1000L;
            default -> 0;
        };
        if (unit != 0) {
            String number = s.substring(0, s.length() - 1);
            if (!isDigits(number)) {
                throw new LogQueryException("invalid time: " + spec);
            }
            long back = saturatedMultiply(saturatedParse(number), unit);
            return Math.max(0, nowMs - Math.min(back, Math.max(0, nowMs)));
        }
        if (isDigits(s)) {
            return saturatedParse(s);
        }
        return iso(s, zone, spec);
    }

    private static long iso(String s, ZoneId zone, String spec) {
        String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            if (t.endsWith("Z") || t.endsWith("z") || hasOffset(t)) {
                String z = t.endsWith("z") ? t.substring(0, t.length() - 1) + 'Z' : t;
                return OffsetDateTime.parse(z, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw unsupported(spec);
        }
    }

    /** A {@code +hh:mm} / {@code -hh:mm} offset after the date part (which ends at index 10). */
    private static boolean hasOffset(String t) {
        return t.length() > 10 && (t.indexOf('+', 10) > 0 || t.indexOf('-', 10) > 0);
    }

    private static LogQueryException unsupported(String spec) {
        return new LogQueryException("unsupported time format: " + spec
                + " (use: 1h, 30m, 2d, 45s, an epoch-ms timestamp, or ISO-8601 like 2026-11-26T09:00:00Z)");
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long saturatedParse(String digits) {
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                return Long.MAX_VALUE;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }
}
