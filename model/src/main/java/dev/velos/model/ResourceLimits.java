// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Locale;

/**
 * cgroup v2 limits of one app ({@code memory_max}, {@code cpu_max}, {@code pids_max}); each 0 =
 * no limit. They need a delegated cgroup v2 subtree with the matching controller: a supervisor
 * without one refuses to start the app, it never ignores a limit.
 *
 * @param memoryMaxBytes {@code memory.max}: above it the kernel reclaims, then OOM-kills inside the app's cgroup
 * @param cpuMaxPercent  {@code cpu.max} as a percentage of one CPU ({@code "50%"}; 200 = two CPUs)
 * @param pidsMax        {@code pids.max}: most tasks (processes and threads) the app may have
 */
public record ResourceLimits(long memoryMaxBytes, int cpuMaxPercent, long pidsMax) {
    public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0);
    /** The {@code cpu.max} period velos writes, the kernel's default (100 ms). */
    public static final long CPU_PERIOD_MICROS = 100_000;

    public ResourceLimits {
        if (memoryMaxBytes < 0 || cpuMaxPercent < 0 || pidsMax < 0) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "memory_max, cpu_max and pids_max must not be negative");
        }
        if (memoryMaxBytes > 0 && memoryMaxBytes < 1024 * 1024) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "memory_max below 1M would kill the app at once; got "
                    + memoryMaxBytes + " bytes");
        }
    }

    /** Parses {@code "50%"} (or a bare {@code 50}) into percent of one CPU; 1-10000. */
    public static int parseCpuMax(String text) {
        String t = text.trim();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        try {
            int percent = Integer.parseInt(t);
            if (percent >= 1 && percent <= 10_000) {
                return percent;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new VelosException(ErrorCode.INVALID_ARGUMENT, String.format(Locale.ROOT,
                "invalid cpu_max '%s' (use a whole percentage of one CPU, e.g. 50%% or 200%%)", text));
    }

    /** The {@code cpu.max} line for the percentage: quota and period in microseconds ({@code "50000 100000"}). */
    public String cpuMaxLine() {
        return (CPU_PERIOD_MICROS * cpuMaxPercent / 100) + " " + CPU_PERIOD_MICROS;
    }

    public boolean any() {
        return memoryMaxBytes > 0 || cpuMaxPercent > 0 || pidsMax > 0;
    }

    public ResourceLimits withMemoryMax(long bytes) {
        return new ResourceLimits(bytes, cpuMaxPercent, pidsMax);
    }

    public ResourceLimits withCpuMaxPercent(int percent) {
        return new ResourceLimits(memoryMaxBytes, percent, pidsMax);
    }

    public ResourceLimits withPidsMax(long value) {
        return new ResourceLimits(memoryMaxBytes, cpuMaxPercent, value);
    }
}
