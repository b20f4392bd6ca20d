// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Objects;

/**
 * How an app's output is kept on disk, as users write it (issue 21): the keys of an app's TOML
 * table and of a start request. The log store turns it into its {@code LogPolicy} (paths resolved
 * against the app's cwd). Part of the {@link AppSpec}, so it travels wherever the spec does:
 * state.bin, {@code info}, a daemon hand-over.
 *
 * @param maxBytes    {@code log_max_size}: size at which a file is rotated (default 10 MiB, at least 4K)
 * @param retainCount {@code log_retain_count}: rotated files kept per stream (default 30, 0-1000)
 * @param rotate      {@code log_rotate}: rotation by local hour or day as well as by size (default none)
 * @param compress    {@code log_compress}: gzip rotated files in the background (default true)
 * @param retainDays  {@code log_retain_days}: rotated files older than this are deleted (0 = no age limit)
 * @param outFile     {@code out_file}: stdout's file, absolute or relative to the app's cwd; {@code "/dev/null"}
 *                    discards; "" = {@code <name>-out.log} in the velos log directory
 * @param errorFile   {@code error_file}: the same for stderr ({@code <name>-err.log})
 * @param merge       {@code merge_logs}: both streams in one file
 * @param format      {@code log_format}: text or JSON lines
 */
public record LogSettings(long maxBytes, int retainCount, LogRotation rotate, boolean compress, int retainDays,
                          String outFile, String errorFile, boolean merge, LogFileFormat format) {
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_RETAIN_COUNT = 30;
    public static final LogSettings DEFAULT = new LogSettings(DEFAULT_MAX_BYTES, DEFAULT_RETAIN_COUNT, LogRotation.NONE,
            true, 0, "", "", false, LogFileFormat.TEXT);
    private static final long MIN_BYTES = 4096;

    public LogSettings {
        checkLimits(maxBytes, retainCount, retainDays);
        Objects.requireNonNull(rotate, "rotate");
        Objects.requireNonNull(outFile, "outFile");
        Objects.requireNonNull(errorFile, "errorFile");
        Objects.requireNonNull(format, "format");
        if (outFile.indexOf('\0') >= 0 || errorFile.indexOf('\0') >= 0) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "out_file and error_file cannot contain a NUL byte");
        }
    }

    /** The one check of the numeric limits, shared with the log store's own policy. */
    public static void checkLimits(long maxBytes, int retainCount, int retainDays) {
        if (maxBytes < MIN_BYTES) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "log_max_size must be at least 4K, got " + maxBytes);
        }
        if (retainCount < 0 || retainCount > 1000) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "log_retain_count must be 0-1000, got " + retainCount);
        }
        if (retainDays < 0 || retainDays > 36_500) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "log_retain_days must be 0-36500, got " + retainDays);
        }
    }
}
