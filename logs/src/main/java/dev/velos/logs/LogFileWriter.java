// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.velos.model.AppNames;
import dev.velos.model.LogLine;

/**
 * Writes every captured line to {@code <dir>/<name>-out.log} or {@code <name>-err.log}, each line
 * prefixed with its ISO-8601 UTC timestamp with milliseconds. One platform thread does all file
 * I/O with buffered writers kept open (never open/close per line), flushing at least every
 * 100 ms and on close. {@link #append} only enqueues, so the supervisor's loop never waits on a
 * disk. Files are created 0600.
 */
public final class LogFileWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogFileWriter.class.getName());
    private static final long FLUSH_INTERVAL_MILLIS = 100;
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private sealed interface Task {
    }

    private record Write(LogLine line) implements Task {
    }

    private record CloseApp(String name) implements Task {
    }

    private record Barrier(java.util.concurrent.CountDownLatch done) implements Task {
    }

    private final Path dir;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Map<Path, BufferedWriter> open = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    public LogFileWriter(Path dir) {
        this.dir = dir;
        this.thread = Thread.ofPlatform().name("velos-log-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** The file a line of {@code name} on {@code stream} goes to. Names are validated, so they cannot leave {@code dir}. */
    public Path fileFor(String name, dev.velos.model.LogStream stream) {
        AppNames.requireValid(name);
        return dir.resolve(name + "-" + stream.shortName() + ".log");
    }

    /** Queues {@code line} for writing; never blocks. */
    public void append(LogLine line) {
        if (!closed) {
            queue.add(new Write(line));
        }
    }

    /** Closes the files of {@code name} (after its queued lines); the files stay on disk. */
    public void closeApp(String name) {
        queue.add(new CloseApp(name));
    }

    /** Waits until everything queued so far is written and flushed. */
    public void flush() {
        var done = new java.util.concurrent.CountDownLatch(1);
        queue.add(new Barrier(done));
        try {
            done.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long lastFlush = System.nanoTime();
        boolean dirty = false;
        while (!(closed && queue.isEmpty())) {
            Task task;
            try {
                task = queue.poll(FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (task != null) {
                dirty |= handle(task);
            }
            boolean due = System.nanoTime() - lastFlush >= TimeUnit.MILLISECONDS.toNanos(FLUSH_INTERVAL_MILLIS);
            if (dirty && (task == null || due || queue.isEmpty())) {
                flushAll();
                dirty = false;
                lastFlush = System.nanoTime();
            }
        }
        flushAll();
        open.values().forEach(LogFileWriter::closeQuietly);
        open.clear();
    }

    private boolean handle(Task task) {
        switch (task) {
            case Write w -> {
                write(w.line());
                return true;
            }
            case CloseApp c -> {
                for (var stream : dev.velos.model.LogStream.values()) {
                    BufferedWriter writer = open.remove(fileFor(c.name(), stream));
                    if (writer != null) {
                        closeQuietly(writer);
                    }
                }
                return false;
            }
            case Barrier b -> {
                flushAll();
                b.done().countDown();
                return false;
            }
        }
    }

    private void write(LogLine line) {
        Path file = fileFor(line.name(), line.stream());
        try {
            BufferedWriter writer = open.get(file);
            if (writer == null) {
                writer = openFile(file);
                open.put(file, writer);
            }
            writer.write(TIMESTAMP.format(line.timestamp()));
            writer.write(' ');
            writer.write(line.text());
            writer.write('\n');
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write " + file + ": " + e.getMessage());
            BufferedWriter broken = open.remove(file);
            if (broken != null) {
                closeQuietly(broken);
            }
        }
    }

    private static BufferedWriter openFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                64 * 1024);
    }

    private void flushAll() {
        for (var entry : open.entrySet()) {
            try {
                entry.getValue().flush();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot flush " + entry.getKey() + ": " + e.getMessage());
            }
        }
    }

    private static void closeQuietly(BufferedWriter writer) {
        try {
            writer.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a log file", e);
        }
    }

    /** Writes what is queued, flushes, closes every file and stops the thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Barrier(new java.util.concurrent.CountDownLatch(1)));
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
