// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;


/**
 * The one owner of issue 21's log file keys as users write them: in an app's TOML table, in the
 * JSON of a REST or MCP start, in the {@code log_files} map of {@code StartArgs} (ipc) (so
 * state.bin keeps them) and in {@code config_set}. Values are plain (String, Boolean, Number),
 * as TOML gives them; a wrong one is a clear error naming the key.
 *
 * <pre>
 * log_rotate = "daily"          # "hourly", "none" (default): rotation by local time as well as by size
 * log_compress = true           # default: rotated files from .2 on are gzip-compressed in the background
 * log_retain_days = 14          # default 0: no age limit
 * out_file = "logs/web.out"     # absolute or relative to the app's cwd; "/dev/null" discards
 * error_file = "/dev/null"
 * merge_logs = true             # both streams in one file ({@code <name>.log}, or out_file)
 * log_format = "json"           # "text" (default): {"ts":…,"stream":…,"level":…,"msg":…} per line
 * </pre>
 * {@code log_max_size} and {@code log_retain_count} have start arguments of their own (they predate
 * this map) and are passed beside it.
 */
public final class LogFileSettings {
    public static final String OUT_FILE = "out_file";
    public static final String ERROR_FILE = "error_file";
    /** In a view's {@code log_files}: lines lost because the log writer could not keep up. */
    public static final String DROPPED_LINES = "log_dropped_lines";
    /** Every key of the map (and of an app's TOML table) this class reads. */
    public static final List<String> KEYS = List.of("log_rotate", "log_compress", "log_retain_days", OUT_FILE, ERROR_FILE,
            "merge_logs", "log_format");

    private LogFileSettings() {
    }

    /**
     * The settings {@code map} describes (null or empty: the defaults), with {@code maxSize} and
     * {@code retainCount} (null: the defaults); throws INVALID_ARGUMENT naming a bad key or value.
     */
    public static LogSettings parse(Map<String, Object> map, Long maxSize, Integer retainCount) {
        LogSettings d = LogSettings.DEFAULT;
        Map<String, Object> m = map == null ? Map.of() : map;
        for (String key : m.keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid("unknown log setting '" + key + "'; the keys are " + String.join(", ", KEYS));
            }
        }
        return new LogSettings(maxSize == null || maxSize <= 0 ? d.maxBytes() : maxSize,
                retainCount == null ? d.retainCount() : retainCount,
                LogRotation.parse(string(m, "log_rotate", "none")), bool(m, "log_compress", d.compress()),
                (int) integer(m, "log_retain_days", d.retainDays()), string(m, OUT_FILE, ""), string(m, ERROR_FILE, ""),
                bool(m, "merge_logs", d.merge()), LogFileFormat.parse(string(m, "log_format", "text")));
    }

    /** The keys of {@code s} that differ from the defaults, in the shape {@link #parse} reads (empty: all defaults). */
    public static Map<String, Object> render(LogSettings s) {
        LogSettings d = LogSettings.DEFAULT;
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.rotate() != d.rotate()) {
            out.put("log_rotate", s.rotate().name().toLowerCase(Locale.ROOT));
        }
        if (s.compress() != d.compress()) {
            out.put("log_compress", s.compress());
        }
        if (s.retainDays() != d.retainDays()) {
            out.put("log_retain_days", (long) s.retainDays());
        }
        if (!s.outFile().isEmpty()) {
            out.put(OUT_FILE, s.outFile());
        }
        if (!s.errorFile().isEmpty()) {
            out.put(ERROR_FILE, s.errorFile());
        }
        if (s.merge() != d.merge()) {
            out.put("merge_logs", s.merge());
        }
        if (s.format() != d.format()) {
            out.put("log_format", s.format().name().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String string(Map<String, Object> m, String key, String fallback) {
        return switch (m.get(key)) {
            case null -> fallback;
            case String s -> s;
            case Object v -> throw invalid(key + " must be a string, got " + v);
        };
    }

    private static boolean bool(Map<String, Object> m, String key, boolean fallback) {
        return switch (m.get(key)) {
            case null -> fallback;
            case Boolean b -> b;
            case String s when s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") -> Boolean.parseBoolean(s);
            case Object v -> throw invalid(key + " must be true or false, got " + v);
        };
    }

    private static long integer(Map<String, Object> m, String key, long fallback) {
        return switch (m.get(key)) {
            case null -> fallback;
            case Number n when n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE ->
                    n.longValue();
            case String s when s.strip().matches("\\d{1,9}") -> Long.parseLong(s.strip());
            case Object v -> throw invalid(key + " must be a whole number, got " + v);
        };
    }

    private static VelosException invalid(String message) {
        return new VelosException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
