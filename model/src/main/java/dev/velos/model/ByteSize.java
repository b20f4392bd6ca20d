// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Locale;

/**
 * Memory strings (REFERENCE §2.7): an optional single-letter suffix {@code K}, {@code M}, {@code G}
 * (powers of 1024) or {@code B}, after a non-negative integer; no suffix means bytes.
 * {@code 150M} = 157286400, {@code 1G} = 1073741824; {@code 1.5G}, {@code 150MB}, {@code M} are refused.
 */
public final class ByteSize {
    private ByteSize() {
    }

    public static long parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw invalid(text);
        }
        long unit = switch (Character.toUpperCase(t.charAt(t.length() - 1))) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            case 'B' -> 1L;
            default -> 0L;
        };
        String number = (unit == 0 ? t : t.substring(0, t.length() - 1)).trim();
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit) || number.length() > 18) {
            throw invalid(text);
        }
        long value = Long.parseLong(number);
        long factor = unit == 0 ? 1 : unit;
        if (value > Long.MAX_VALUE / factor) {
            throw invalid(text);
        }
        return value * factor;
    }

    private static VelosException invalid(String text) {
        return new VelosException(ErrorCode.INVALID_ARGUMENT, String.format(Locale.ROOT,
                "invalid memory format: '%s' (use a whole number with an optional K, M or G suffix, e.g. 150M)", text));
    }
}
