// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

/**
 * How lines are written to a file ({@code log_format}): {@code text} is the log format's
 * timestamped line; {@code json} is one JSON object per line for log shippers,
 * {@code {"ts":"2026-11-26T09:51:37.736Z","stream":"out","level":"info","msg":"…"}} (with
 * {@code "cont":true} on a piece continuing a line cut at the length cap).
 */
public enum LogFileFormat {
    TEXT, JSON;

    public static LogFileFormat parse(String value) {
        return switch (value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "", "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new VelosException(ErrorCode.INVALID_ARGUMENT,
                    "log_format must be \"text\" or \"json\", got \"" + value + "\"");
        };
    }
}
