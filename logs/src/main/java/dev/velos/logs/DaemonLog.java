// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.velos.model.LogFileFormat;
import dev.velos.model.LogStream;

/**
 * The daemon's own log ({@code $VELOS_HOME/daemon.log}): every line timestamped in the
 * {@link LogFormat}, written by a {@link LogFileWriter} of its own (so it rotates, compresses and
 * expires by a {@link LogPolicy} like an app's files, and never blocks the thread that logs), and
 * the same bytes echoed to a second stream when the daemon runs in the foreground.
 *
 * <p>{@link #stream} is what {@code System.setErr}/{@code setOut} take: bytes are cut into lines at
 * each newline, so a stack trace printed in pieces still becomes one stamped line per line.
 */
public final class DaemonLog implements AutoCloseable {
    private static final String NAME = "velos-daemon";

    private final LogFileWriter writer;
    private final Clock clock;
    private final LogFormat.Stamper stamper = new LogFormat.Stamper();

    /** A log at {@code file}, kept by {@code policy} (its out_file is {@code file}), dated by {@code clock}. */
    public DaemonLog(Path file, LogPolicy policy, Clock clock, Consumer<Throwable> onWriterDeath) {
        Path absolute = file.toAbsolutePath();
        this.clock = clock;
        this.writer = new LogFileWriter(absolute.getParent(), 2, onWriterDeath, clock, LogFileWriter.DROP_BYTES);
        writer.policy(NAME, policy.withOutFile(absolute).withMerge(false).withFormat(LogFileFormat.TEXT));
    }

    /** Writes {@code text} (one line, without its newline) with the current time; never blocks. */
    public void line(String text) {
        write(format(text));
    }

    private synchronized byte[] format(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LineBlock block = new LineBlock(bytes.length + 32);
        block.append(stamper.bytes(clock.millis()), false, bytes, 0, bytes.length);
        return java.util.Arrays.copyOf(block.bytes, block.length);
    }

    private void write(byte[] formatted) {
        writer.appendBatch(NAME, LogStream.STDOUT, formatted, formatted.length, 1);
    }

    /**
     * A stream whose every line goes to this log, stamped, and the same stamped bytes to
     * {@code echo} ({@link OutputStream#nullOutputStream()} when the daemon runs in the background).
     */
    public OutputStream stream(OutputStream echo) {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) throws IOException {
                if (b == '\n') {
                    emit();
                } else {
                    pending.write(b);
                }
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }

            /** A line without its newline yet waits for the rest; flush does not cut it (print then println). */
            private void emit() throws IOException {
                String text = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                byte[] formatted = format(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                DaemonLog.this.write(formatted);
                echo.write(formatted);
                echo.flush();
            }
        };
    }

    /** Closes the file after what is queued; the next line reopens it by name (SIGHUP, logrotate). */
    public void reopen() {
        writer.reopenAll();
    }

    /** Waits (up to 10 s) until every line so far is in the file. */
    public void flush() {
        try {
            writer.barrier().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new LogStoreException("the daemon log's writer did not catch up: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
