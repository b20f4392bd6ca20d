// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The on-disk line format: {@code 2026-11-26T09:51:37.736Z text} — an ISO-8601 UTC timestamp with
 * milliseconds, a space, the line. A piece that continues a line cut at the length cap has a
 * {@code +} instead of the space, so {@code cat} still reads naturally and a reader can rejoin.
 */
public final class LogFormat {
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    static final int TIMESTAMP_LENGTH = 24;

    private LogFormat() {
    }

    /** A line read back from a file. {@code timestampMs} is 0 when the line has no valid prefix. */
    public record FileLine(long timestampMs, String text, boolean continued) {
    }

    /**
     * The timestamp prefix as ASCII bytes, formatted once per millisecond: a chatty app writes many
     * lines within one. One instance per thread.
     */
    public static final class Stamper {
        private long millis = Long.MIN_VALUE;
        private byte[] bytes = new byte[0];

        public byte[] bytes(long epochMillis) {
            if (epochMillis != millis) {
                millis = epochMillis;
                bytes = timestamp(epochMillis).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            return bytes;
        }
    }

    public static String timestamp(long epochMillis) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Parses one stored line (without its newline). Lines without a prefix keep their whole text. */
    public static FileLine parse(String line) {
        if (line.length() >= TIMESTAMP_LENGTH + 1 && line.charAt(TIMESTAMP_LENGTH - 1) == 'Z'
                && (line.charAt(TIMESTAMP_LENGTH) == ' ' || line.charAt(TIMESTAMP_LENGTH) == '+')) {
            Optional<Long> ts = parseTimestamp(line.substring(0, TIMESTAMP_LENGTH));
            if (ts.isPresent()) {
                return new FileLine(ts.get(), line.substring(TIMESTAMP_LENGTH + 1), line.charAt(TIMESTAMP_LENGTH) == '+');
            }
        }
        return new FileLine(0, line, false);
    }

    private static Optional<Long> parseTimestamp(String text) {
        try {
            return Optional.of(Instant.from(TIMESTAMP.parse(text)).toEpochMilli());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
