// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A test clock ({@link TestHooks} {@code clock-offset-file}): the system clock plus the
 * milliseconds written in a file, so an end-to-end test moves a running daemon's log files to the
 * next day by writing a number. The file is read at most every 20 ms; a missing or unreadable file
 * counts as no offset. Never used unless that test hook is set.
 */
final class OffsetFileClock extends Clock {
    private final Path file;
    private final ZoneId zone;
    private volatile long offsetMs;
    private volatile long readAtNanos;

    OffsetFileClock(Path file) {
        this(file, ZoneId.systemDefault());
    }

    private OffsetFileClock(Path file, ZoneId zone) {
        this.file = file;
        this.zone = zone;
        this.readAtNanos = System.nanoTime() - 1_000_000_000L;
    }

    @Override
    public long millis() {
        long now = System.nanoTime();
        if (now - readAtNanos > 20_000_000L) {
            readAtNanos = now;
            try {
                String text = Files.readString(file).strip();
                offsetMs = text.isEmpty() ? 0 : Long.parseLong(text);
            } catch (IOException | NumberFormatException e) {
                offsetMs = 0;
            }
        }
        return System.currentTimeMillis() + offsetMs;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId value) {
        return new OffsetFileClock(file, value);
    }
}
