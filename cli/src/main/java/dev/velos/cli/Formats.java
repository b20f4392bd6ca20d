// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.Locale;

import dev.velos.ipc.ProcessJson;
import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The human formats of REFERENCE §8.5 ({@code list}: {@code 12.5mb}, {@code 3m}) and §8.6
 * ({@code info}: {@code 12.5 MB}, {@code 3m 12s}). Decimals always use a dot, whatever the locale.
 */
final class Formats {
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private Formats() {
    }

    /** {@code list} memory: {@code 0b}, {@code 512b}, {@code 1.5kb}, {@code 47.0mb}, {@code 1.2gb} (base 1024). */
    static String listMemory(long bytes) {
        if (bytes < KIB) {
            return Math.max(0, bytes) + "b";
        }
        return scaled(bytes, "kb", "mb", "gb", "");
    }

    /** {@code info} memory: {@code 512 B}, {@code 1.5 KB}, {@code 47.0 MB}, {@code 1.2 GB}. */
    static String infoMemory(long bytes) {
        if (bytes < KIB) {
            return Math.max(0, bytes) + " B";
        }
        return scaled(bytes, "KB", "MB", "GB", " ");
    }

    private static String scaled(long bytes, String k, String m, String g, String gap) {
        if (bytes < MIB) {
            return oneDecimal(bytes / (double) KIB) + gap + k;
        } else if (bytes < GIB) {
            return oneDecimal(bytes / (double) MIB) + gap + m;
        }
        return oneDecimal(bytes / (double) GIB) + gap + g;
    }

    /** {@code list} uptime, whole units truncated: {@code 0s}, {@code 59s}, {@code 59m}, {@code 23h}, {@code 3D}. */
    static String listUptime(long ms) {
        long s = Math.max(0, ms) / 1000;
        if (s < 60) {
            return s + "s";
        } else if (s < 3600) {
            return s / 60 + "m";
        } else if (s < 86_400) {
            return s / 3600 + "h";
        }
        return s / 86_400 + "D";
    }

    /** {@code info} uptime: {@code 42s}, {@code 3m 12s}, {@code 5h 3m}, {@code 2d 5h}. */
    static String infoUptime(long ms) {
        long s = Math.max(0, ms) / 1000;
        if (s < 60) {
            return s + "s";
        } else if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        } else if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }

    /** {@code 0%} or {@code 2.5%}. */
    static String cpu(double percent) {
        return percent <= 0 || Double.isNaN(percent) ? "0%" : oneDecimal(percent) + "%";
    }

    static String pid(int pid) {
        return pid <= 0 ? "N/A" : Integer.toString(pid);
    }

    /** {@code cluster} for an instance name ({@code api:0}), else {@code fork}. */
    static String mode(String name) {
        return name.indexOf(':') >= 0 ? "cluster" : "fork";
    }

    /** The status word: the daemon's {@code status_str}, else derived from the numeric code. */
    static String status(ProcessView view) {
        return ProcessJson.status(view);
    }

    /** {@code 1 process} / {@code 3 processes}. */
    static String processes(int n) {
        return n + (n == 1 ? " process" : " processes");
    }

    /**
     * {@code v} with one decimal, exactly as {@code String.format(Locale.ROOT, "%.1f", v)} writes it:
     * the shortest decimal that is {@code v} ({@link Double#toString}'s digits) rounded half up, with
     * a minus sign for any negative value, -0.0 included. By hand, because java.util.Formatter's
     * first use loads the locale providers and CLDR data (about 10 ms of every {@code list} and
     * {@code info}, issue 15) and BigDecimal's pulls in BigInteger's ForkJoin machinery.
     * {@code FormatsTest} holds the two equal.
     */
    static String oneDecimal(double v) {
        if (!Double.isFinite(v)) {
            return String.format(Locale.ROOT, "%.1f", v); // NaN, Infinity: never a size or a CPU share
        }
        String shortest = Double.toString(Math.abs(v)); // 12.34, 1.0E-5, 1.2345E7
        int e = shortest.indexOf('E');
        String mantissa = e < 0 ? shortest : shortest.substring(0, e);
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        // Digits before the decimal point of v * 10: those kept, the next one decides the rounding.
        int kept = dot + (e < 0 ? 0 : Integer.parseInt(shortest.substring(e + 1))) + 1;
        StringBuilder tenths = new StringBuilder();
        for (int i = 0; i < kept; i++) {
            tenths.append(i < digits.length() ? digits.charAt(i) : '0');
        }
        if (kept >= 0 && kept < digits.length() && digits.charAt(kept) >= '5') {
            int i = tenths.length() - 1;
            while (i >= 0 && tenths.charAt(i) == '9') {
                tenths.setCharAt(i--, '0');
            }
            if (i < 0) {
                tenths.insert(0, '1');
            } else {
                tenths.setCharAt(i, (char) (tenths.charAt(i) + 1));
            }
        }
        while (tenths.length() < 2) {
            tenths.insert(0, '0');
        }
        int units = 0;
        while (units < tenths.length() - 2 && tenths.charAt(units) == '0') {
            units++; // 000123 → 12.3: no leading zeros before the units digit
        }
        String sign = v < 0 || Double.doubleToRawLongBits(v) == Long.MIN_VALUE ? "-" : "";
        return sign + tenths.substring(units, tenths.length() - 1) + "." + tenths.charAt(tenths.length() - 1);
    }
}
