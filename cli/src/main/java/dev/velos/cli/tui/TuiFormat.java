// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.Locale;

/** The dashboard's compact units (REFERENCE §12): {@code 0 B}, {@code 512 KB}, {@code 12.3 MB}, {@code 1.25 GB}; {@code 5s}, {@code 3m 2s}, {@code 4h 5m}, {@code 2d 3h}. */
final class TuiFormat {
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private TuiFormat() {
    }

    static String size(long bytes) {
        if (bytes <= 0) {
            return "0 B";
        }
        if (bytes < MIB) {
            return bytes / KIB + " KB";
        }
        if (bytes < GIB) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MIB);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (double) GIB);
    }

    static String uptime(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }

    static String percent(double cpu) {
        return String.format(Locale.ROOT, "%.1f%%", cpu);
    }
}
