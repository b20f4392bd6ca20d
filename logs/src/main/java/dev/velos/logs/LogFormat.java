// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import dev.velos.model.JsonWriter;
import dev.velos.model.LogFileFormat;
import dev.velos.model.LogStream;

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

    /**
     * A line read back from a file. {@code timestampMs} is 0 when the line has no valid prefix;
     * {@code stream} is the stream written on the line (merged and JSON files), empty in a file of one stream.
     */
    public record FileLine(long timestampMs, String text, boolean continued, Optional<LogStream> stream) {
        public FileLine(long timestampMs, String text, boolean continued) {
            this(timestampMs, text, continued, Optional.empty());
        }
    }

    private static final String JSON_TS = "{\"ts\":\"";
    private static final String JSON_STREAM = "\",\"stream\":\"";
    private static final String JSON_CONT = ",\"cont\":true}";

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

    /** Parses one stored line of a file written as {@code format}, both streams in it when {@code merged}. */
    public static FileLine parse(String line, LogFileFormat format, boolean merged) {
        if (format == LogFileFormat.JSON) {
            return parseJson(line);
        }
        FileLine plain = parse(line);
        if (merged && plain.timestampMs() > 0) {
            String t = plain.text();
            Optional<LogStream> stream = t.startsWith("out ") ? Optional.of(LogStream.STDOUT)
                    : t.startsWith("err ") ? Optional.of(LogStream.STDERR) : Optional.empty();
            if (stream.isPresent()) {
                return new FileLine(plain.timestampMs(), t.substring(4), plain.continued(), stream);
            }
        }
        return plain;
    }

    /** A line this store wrote as JSON; anything else keeps its whole text, without a timestamp. */
    private static FileLine parseJson(String line) {
        int streamAt = JSON_TS.length() + TIMESTAMP_LENGTH;
        if (line.startsWith(JSON_TS) && line.startsWith(JSON_STREAM, streamAt)) {
            Optional<Long> ts = parseTimestamp(line.substring(JSON_TS.length(), streamAt));
            Optional<String> msg = JsonLine.message(line);
            if (ts.isPresent() && msg.isPresent()) {
                String name = line.substring(streamAt + JSON_STREAM.length(), Math.min(line.length(), streamAt + JSON_STREAM.length() + 3));
                Optional<LogStream> stream = name.equals("out") ? Optional.of(LogStream.STDOUT)
                        : name.equals("err") ? Optional.of(LogStream.STDERR) : Optional.empty();
                return new FileLine(ts.get(), msg.get(), line.endsWith(JSON_CONT), stream);
            }
        }
        return new FileLine(0, line, false);
    }

    /**
     * The lines of a block in the text format of one stream ({@link LineBlock}) as {@code policy}
     * writes them: with the stream after the timestamp when merged, or as JSON lines.
     */
    static byte[] reencode(byte[] block, int length, LogStream stream, LogPolicy policy) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length + length / 2 + 64);
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (block[i] == '\n') {
                FileLine l = parse(new String(block, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                out.writeBytes(encode(l, stream, policy.format()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    /** One line with its stream: {@code <ts><sep><out|err> <text>} in text, a JSON object in JSON; with its newline. */
    static String encode(FileLine l, LogStream stream, LogFileFormat format) {
        String ts = timestamp(l.timestampMs());
        if (format == LogFileFormat.TEXT) {
            return ts + (l.continued() ? '+' : ' ') + stream.shortName() + ' ' + l.text() + '\n';
        }
        StringBuilder b = new StringBuilder(l.text().length() + 96);
        b.append(JSON_TS).append(ts).append(JSON_STREAM).append(stream.shortName())
                .append("\",\"level\":\"").append(Classifier.classify(l.text(), stream).jsonName()).append("\",\"msg\":");
        JsonWriter.quote(b, l.text());
        b.append(l.continued() ? JSON_CONT : "}").append('\n');
        return b.toString();
    }

    /**
     * {@code line} as one JSON object with its app — the files' JSON format ({@code log_format =
     * "json"}) plus {@code "app"}: {@code {"ts":"…","app":"web","stream":"out","level":"info","msg":"…"}},
     * without a newline. What {@code velos run --json-logs} prints for a log collector.
     */
    public static String jsonWithApp(StoredLine line) {
        StringBuilder b = new StringBuilder(line.text().length() + line.name().length() + 104);
        b.append(JSON_TS).append(timestamp(line.timestampMs())).append("\",\"app\":");
        JsonWriter.quote(b, line.name());
        b.append(",\"stream\":\"").append(line.stream().shortName()).append("\",\"level\":\"").append(line.level().jsonName())
                .append("\",\"msg\":");
        JsonWriter.quote(b, line.text());
        return b.append(line.continued() ? JSON_CONT : "}").toString();
    }

    private static Optional<Long> parseTimestamp(String text) {
        try {
            return Optional.of(Instant.from(TIMESTAMP.parse(text)).toEpochMilli());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
