// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** REFERENCE §8.5 (list) and §8.6 (info) formats. */
class FormatsTest {
    private static final long KIB = 1024;
    private static final long MIB = KIB * KIB;
    private static final long GIB = MIB * KIB;

    @Test
    void listMemoryUsesLowerCaseUnitsWithoutSpace() {
        assertThat(Formats.listMemory(0)).isEqualTo("0b");
        assertThat(Formats.listMemory(1023)).isEqualTo("1023b");
        assertThat(Formats.listMemory(1024)).isEqualTo("1.0kb");
        assertThat(Formats.listMemory(1536)).isEqualTo("1.5kb");
        assertThat(Formats.listMemory(47_185_920)).isEqualTo("45.0mb");
        assertThat(Formats.listMemory(3 * GIB / 2)).isEqualTo("1.5gb");
    }

    @Test
    void infoMemoryUsesUpperCaseUnitsWithSpace() {
        assertThat(Formats.infoMemory(0)).isEqualTo("0 B");
        assertThat(Formats.infoMemory(512)).isEqualTo("512 B");
        assertThat(Formats.infoMemory(1536)).isEqualTo("1.5 KB");
        assertThat(Formats.infoMemory(12 * MIB + MIB / 2)).isEqualTo("12.5 MB");
        assertThat(Formats.infoMemory(2 * GIB)).isEqualTo("2.0 GB");
    }

    @Test
    void decimalsUseADotInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Formats.listMemory(1536)).isEqualTo("1.5kb");
            assertThat(Formats.cpu(2.5)).isEqualTo("2.5%");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void listUptimeShowsOneTruncatedUnit() {
        assertThat(Formats.listUptime(0)).isEqualTo("0s");
        assertThat(Formats.listUptime(59_999)).isEqualTo("59s");
        assertThat(Formats.listUptime(60_000)).isEqualTo("1m");
        assertThat(Formats.listUptime(3_599_999)).isEqualTo("59m");
        assertThat(Formats.listUptime(3_600_000)).isEqualTo("1h");
        assertThat(Formats.listUptime(86_399_999)).isEqualTo("23h");
        assertThat(Formats.listUptime(3 * 86_400_000L)).isEqualTo("3D");
        assertThat(Formats.listUptime(-5)).isEqualTo("0s");
    }

    @Test
    void infoUptimeShowsTwoUnits() {
        assertThat(Formats.infoUptime(42_000)).isEqualTo("42s");
        assertThat(Formats.infoUptime(192_000)).isEqualTo("3m 12s");
        assertThat(Formats.infoUptime((5 * 3600 + 3 * 60 + 7) * 1000L)).isEqualTo("5h 3m");
        assertThat(Formats.infoUptime((2 * 86_400 + 5 * 3600) * 1000L)).isEqualTo("2d 5h");
    }

    @Test
    void cpuPidModeAndStatus() {
        assertThat(Formats.cpu(0)).isEqualTo("0%");
        assertThat(Formats.cpu(2.5)).isEqualTo("2.5%");
        assertThat(Formats.cpu(100)).isEqualTo("100.0%");
        assertThat(Formats.pid(0)).isEqualTo("N/A");
        assertThat(Formats.pid(4242)).isEqualTo("4242");
        assertThat(Formats.mode("api")).isEqualTo("fork");
        assertThat(Formats.mode("api:0")).isEqualTo("cluster");
        assertThat(Formats.status(Cli.view(1, "a", 0, 0, ""))).isEqualTo("stopped");
        assertThat(Formats.status(Cli.view(1, "a", 0, 3, ""))).isEqualTo("starting");
        assertThat(Formats.status(Cli.view(1, "a", 0, 9, ""))).isEqualTo("unknown");
        assertThat(Formats.status(Cli.view(1, "a", 0, 2, null))).isEqualTo("errored");
    }


    /** {@code oneDecimal} writes what {@code String.format(Locale.ROOT, "%.1f", v)} writes, without Formatter. */
    @Test
    void oneDecimalIsWhatFormatWrites() {
        double[] edges = {0, -0.0, 0.04, 0.05, 0.06, 0.15, 0.25, 0.35, 0.45, 1.45, 2.675, 9.95, 9.96, 99.95, 999.95, 1023.95,
            1023.96, 0.95, -0.04, -0.05, -0.95, 1e-3, 9.99e-4, 5e-4, 0.049999999999999996, 12345678.95, 1e7, 1.5e22,
            Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 123.456, 45.0, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : edges) {
            assertThat(Formats.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextDouble(0, 1100); // sizes in kb/mb/gb and CPU shares
                case 1 -> random.nextInt(0, 110_000) / 100.0; // two decimals: every tie at the second one
                case 2 -> random.nextInt(0, 1_000_000) / 20.0 + 0.05; // x.x5 exactly as written
                default -> Double.longBitsToDouble(random.nextLong()); // any double, any magnitude
            };
            assertThat(Formats.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
    }
}
