// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import dev.velos.model.ErrorCode;
import dev.velos.model.LogFileFormat;
import dev.velos.model.LogRotation;
import dev.velos.model.LogSettings;
import dev.velos.model.LogStream;
import dev.velos.model.VelosException;

/**
 * How one app's log files are kept. Rotation: when a file would grow past {@code maxBytes}, or a
 * new local hour or day began since its first line ({@code rotate}), it becomes {@code <file>.1}
 * (older ones shift to {@code .2} … {@code .retain}; the oldest is deleted) and a new file starts.
 * Rotated files from {@code .2} on are gzip-compressed in the background ({@code compress}; the
 * newest, {@code .1}, stays plain, as logrotate's {@code delaycompress}: whoever still holds it
 * open or tails it keeps working), and deleted once older than {@code retainDays}.
 *
 * @param maxBytes   size at which a file is rotated (default 10 MiB, {@code log_max_size})
 * @param retain     rotated files kept per stream (default 30; 0 = none, the file is just emptied; {@code log_retain_count})
 * @param rotate     rotation by time as well as size (default none; {@code log_rotate})
 * @param compress   gzip rotated files (default true; {@code log_compress})
 * @param retainDays rotated files older than this many days are deleted (0 = no age limit, the default; {@code log_retain_days})
 * @param outFile    stdout's file instead of {@code <name>-out.log} (absolute; {@link #DISCARD} drops the stream; {@code out_file})
 * @param errorFile  stderr's file instead of {@code <name>-err.log} (as {@code outFile}; {@code error_file})
 * @param merge      both streams in one file, {@code <name>.log} or {@code outFile}, the stream kept per line ({@code merge_logs})
 * @param format     how a line is written (default text; {@code log_format})
 */
public record LogPolicy(long maxBytes, int retain, LogRotation rotate, boolean compress, int retainDays,
                        Optional<Path> outFile, Optional<Path> errorFile, boolean merge, LogFileFormat format) {
    /** Where a stream goes to be discarded: nothing is written, and reads say so. */
    public static final Path DISCARD = Path.of("/dev/null");
    public static final LogPolicy DEFAULT = new LogPolicy(LogSettings.DEFAULT_MAX_BYTES, LogSettings.DEFAULT_RETAIN_COUNT);

    public LogPolicy {
        LogSettings.checkLimits(maxBytes, retain, retainDays);
        Objects.requireNonNull(rotate, "rotate");
        Objects.requireNonNull(format, "format");
        requireAbsolute("out_file", outFile);
        requireAbsolute("error_file", errorFile);
    }

    /** Size rotation as given, every other setting its default. */
    public LogPolicy(long maxBytes, int retain) {
        this(maxBytes, retain, LogRotation.NONE, true, 0, Optional.empty(), Optional.empty(), false, LogFileFormat.TEXT);
    }

    /**
     * The policy an app's {@code settings} ask for: {@code out_file}/{@code error_file} relative to
     * {@code cwd} (the app's working directory, as PM2 reads them), "" for the default files.
     */
    public static LogPolicy of(LogSettings settings, Path cwd) {
        return new LogPolicy(settings.maxBytes(), settings.retainCount(), settings.rotate(), settings.compress(),
                settings.retainDays(), resolve(settings.outFile(), cwd), resolve(settings.errorFile(), cwd), settings.merge(),
                settings.format());
    }

    private static Optional<Path> resolve(String file, Path cwd) {
        return file.isEmpty() ? Optional.empty() : Optional.of(cwd.resolve(file).toAbsolutePath().normalize());
    }

    private static void requireAbsolute(String key, Optional<Path> file) {
        Objects.requireNonNull(file, key);
        if (file.isPresent() && !file.get().isAbsolute()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, key + " must be an absolute path, got " + file.get());
        }
    }

    public LogPolicy withRotate(LogRotation value) {
        return new LogPolicy(maxBytes, retain, value, compress, retainDays, outFile, errorFile, merge, format);
    }

    public LogPolicy withCompress(boolean value) {
        return new LogPolicy(maxBytes, retain, rotate, value, retainDays, outFile, errorFile, merge, format);
    }

    public LogPolicy withRetainDays(int value) {
        return new LogPolicy(maxBytes, retain, rotate, compress, value, outFile, errorFile, merge, format);
    }

    public LogPolicy withOutFile(Path value) {
        return new LogPolicy(maxBytes, retain, rotate, compress, retainDays, Optional.of(value), errorFile, merge, format);
    }

    public LogPolicy withErrorFile(Path value) {
        return new LogPolicy(maxBytes, retain, rotate, compress, retainDays, outFile, Optional.of(value), merge, format);
    }

    public LogPolicy withMerge(boolean value) {
        return new LogPolicy(maxBytes, retain, rotate, compress, retainDays, outFile, errorFile, value, format);
    }

    public LogPolicy withFormat(LogFileFormat value) {
        return new LogPolicy(maxBytes, retain, rotate, compress, retainDays, outFile, errorFile, merge, value);
    }

    /** Whether both streams go to one file: {@code merge}, or the same file set for both. */
    public boolean merged() {
        return merge || (outFile.isPresent() && outFile.equals(errorFile) && !outFile.get().equals(DISCARD));
    }

    /** The file set for {@code stream}, if any ({@code outFile} for both when merged). */
    Optional<Path> fileSetFor(LogStream stream) {
        return merged() || stream == LogStream.STDOUT ? outFile : errorFile;
    }

    /** Whether {@code stream}'s lines are thrown away ({@code "/dev/null"}). */
    public boolean discards(LogStream stream) {
        return fileSetFor(stream).filter(DISCARD::equals).isPresent();
    }

    /** Whether a line of this app is written in a form other than the plain one-stream text. */
    boolean reencodes() {
        return merged() || format != LogFileFormat.TEXT;
    }
}
