// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.velos.model.Level;
import dev.velos.model.LogStream;

/** Test fixtures: classified lines and the sample log. */
final class Lines {
    static final long BASE = 1_764_000_000_000L;

    private Lines() {
    }

    static ClassifiedLine line(long ts, Level level, String message) {
        return new ClassifiedLine(ts, LogStream.STDOUT, level, message);
    }

    /** One line of {@code sample-app.log}: the expected level and the raw line. */
    record Sample(Level expected, RawLine raw) {
    }

    /** The sample log, one line per second from {@link #BASE}. */
    static List<Sample> sample() {
        try (InputStream in = Lines.class.getResourceAsStream("sample-app.log")) {
            List<Sample> out = new ArrayList<>();
            long ts = BASE;
            for (String row : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (row.isBlank() || row.startsWith("#")) {
                    continue;
                }
                String[] parts = row.split(" ", 3);
                LogStream stream = parts[1].equals("err") ? LogStream.STDERR : LogStream.STDOUT;
                out.add(new Sample(Level.valueOf(parts[0]), new RawLine(ts, stream, parts[2])));
                ts += 1000;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Up to {@code maxLen} characters drawn from {@code alphabet}. */
    static String randomText(Random r, String alphabet, int maxLen) {
        char[] out = new char[r.nextInt(maxLen + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return new String(out);
    }

    /** Up to {@code maxLen} arbitrary UTF-16 units, lone surrogates, controls and U+FFFD included. */
    static String randomUnits(Random r, int maxLen) {
        char[] out = new char[r.nextInt(maxLen + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (r.nextInt(4)) {
                case 0 -> (char) r.nextInt(128);
                case 1 -> (char) (0xD800 + r.nextInt(0x800));
                case 2 -> '\uFFFD';
                default -> (char) r.nextInt(0x10000);
            };
        }
        return new String(out);
    }

    static List<ClassifiedLine> sampleClassified() {
        return Classifier.classifyAll(sample().stream().map(Sample::raw).toList());
    }

    /**
     * Queues {@code line} on {@code writer} as a one-line block staged the way {@link LogStore}
     * stages lines (the writer has one write path, blocks already in the file format).
     */
    static void append(LogFileWriter writer, dev.velos.model.LogLine line) {
        byte[] block = block(line);
        writer.appendBatch(line.name(), line.stream(), block, block.length, 1);
    }

    /** {@code line} in the file format, as one block of exactly its length. */
    static byte[] block(dev.velos.model.LogLine line) {
        byte[] text = line.text().getBytes(StandardCharsets.UTF_8);
        LineBlock block = new LineBlock(text.length + 26);
        block.append(LogFormat.timestamp(line.timestamp().toEpochMilli()).getBytes(StandardCharsets.US_ASCII),
                line.continued(), text, 0, text.length);
        return block.bytes;
    }
}
