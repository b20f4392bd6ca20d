// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.velos.model.ListenAddress;
import dev.velos.model.LogFileFormat;
import dev.velos.model.LogFileSettings;
import dev.velos.model.LogRotation;
import dev.velos.model.VelosException;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code start} flags of issue 21 (where an app's output goes and how its files are kept) and
 * of issue 20 ({@code --listen}), turned into the same values a TOML table gives and checked by
 * the parsers the daemon uses ({@link LogFileSettings}, {@link ListenAddress}), so a bad flag is a
 * usage error here with the daemon's own words.
 */
final class LogFileOptions {
    @Option(names = "--out-file", paramLabel = "<path>", descriptionKey = "out-file")
    String outFile;

    @Option(names = "--error-file", paramLabel = "<path>", descriptionKey = "error-file")
    String errorFile;

    @Option(names = "--merge-logs", descriptionKey = "merge-logs")
    boolean mergeLogs;

    @Option(names = "--log-format", paramLabel = "<text|json>", descriptionKey = "log-format",
            completionCandidates = Formats.class)
    String logFormat;

    @Option(names = "--log-rotate", paramLabel = "<none|daily|hourly>", descriptionKey = "log-rotate",
            completionCandidates = Rotations.class)
    String logRotate;

    @Option(names = "--log-compress", negatable = true, descriptionKey = "log-compress")
    Boolean logCompress;

    @Option(names = "--log-retain-days", paramLabel = "<days>", descriptionKey = "log-retain-days")
    Long logRetainDays;

    @Option(names = "--listen", paramLabel = "<address>", descriptionKey = "listen")
    List<String> listen = new ArrayList<>();

    /** The completion choices of {@code --log-format}, from the model's enum. */
    static final class Formats extends ArrayList<String> {
        Formats() {
            super(names(LogFileFormat.values()));
        }
    }

    /** The completion choices of {@code --log-rotate}, from the model's enum. */
    static final class Rotations extends ArrayList<String> {
        Rotations() {
            super(names(LogRotation.values()));
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * The log file keys the flags give ({@link LogFileSettings#KEYS}), checked; empty when no flag
     * was given. {@code command} is asked only for an error (the fast path builds no picocli model).
     */
    Map<String, Object> logFiles(Supplier<CommandLine> command) {
        Map<String, Object> s = new LinkedHashMap<>();
        putIf(s, LogFileSettings.OUT_FILE, outFile);
        putIf(s, LogFileSettings.ERROR_FILE, errorFile);
        if (mergeLogs) {
            s.put("merge_logs", true);
        }
        putIf(s, "log_format", logFormat);
        putIf(s, "log_rotate", logRotate);
        putIf(s, "log_compress", logCompress);
        putIf(s, "log_retain_days", logRetainDays);
        try {
            LogFileSettings.parse(s, null, null);
        } catch (VelosException e) {
            throw new ParameterException(command.get(), "Invalid log option: " + e.getMessage());
        }
        return s;
    }

    /** The {@code --listen} addresses as given, each checked; empty when none. */
    List<String> listen(Supplier<CommandLine> command) {
        for (String address : listen) {
            try {
                ListenAddress.parse(address);
            } catch (VelosException e) {
                throw new ParameterException(command.get(), "Invalid value for option '--listen': " + e.getMessage());
            }
        }
        return List.copyOf(listen);
    }

    private static void putIf(Map<String, Object> s, String key, Object value) {
        if (value != null) {
            s.put(key, value);
        }
    }
}
