// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses and expires rotated log files on a thread of its own, so that gzip never runs on the
 * supervisor's loop or between the writer's writes: the writer only renames ({@link #renaming})
 * and asks for a pass ({@link #schedule}).
 *
 * <p>A compression is written to {@code <file>.K.gz.tmp} and renamed to {@code <file>.K.gz} only
 * once complete and synced, then the plain file is deleted: a crash at any point leaves the plain
 * file (and perhaps a stray {@code .tmp}, removed by the next pass), never a partial {@code .gz}
 * in its place. While it compresses, the writer may shift the chain ({@code .K} becomes
 * {@code .K+1}); the rename is then made only if {@code .K} is still the file that was read (same
 * file key, checked under the lock the writer renames under), otherwise the work is dropped and
 * the next pass compresses the file at its new name.
 */
final class RotatedFiles implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RotatedFiles.class.getName());
    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private final Clock clock;
    /** Held while names in any chain change: the writer's shifts and a compression's commit. */
    private final ReentrantLock renames = new ReentrantLock();
    private final Set<Path> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("velos-log-compress").daemon(true).priority(Thread.MIN_PRIORITY).factory());

    /** Renames of a chain, done under the lock a compression commits under. */
    @FunctionalInterface
    interface Renames {
        void run() throws IOException;
    }

    RotatedFiles(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void renaming(Renames renames) throws IOException {
        this.renames.lock();
        try {
            renames.run();
        } finally {
            this.renames.unlock();
        }
    }

    /** Asks for a pass over {@code file}'s rotations (once, however often asked before it runs). */
    void schedule(Path file, LogPolicy policy) {
        if ((policy.compress() || policy.retainDays() > 0) && pending.add(file)) {
            try {
                worker.execute(() -> {
                    pending.remove(file);
                    maintain(file, policy);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.remove(file); // closing: the next start's first rotation takes it up
            }
        }
    }

    /** Completes once every pass asked for so far has run. */
    CompletableFuture<Void> idle() {
        return CompletableFuture.runAsync(() -> { }, worker);
    }

    /** Expires rotations older than the policy's days, removes stray partial compressions, compresses {@code .2} on. */
    void maintain(Path file, LogPolicy policy) {
        try {
            if (policy.retainDays() > 0) {
                expire(file, clock.millis() - policy.retainDays() * DAY_MS);
            }
            for (int k = 1; LogFiles.rotationExists(file, k) || Files.exists(LogFiles.compressing(file, k), LinkOption.NOFOLLOW_LINKS); k++) {
                // Only this thread compresses: a .tmp found here is what a crash or a dropped commit left.
                Files.deleteIfExists(LogFiles.compressing(file, k));
                if (policy.compress() && k >= 2 && Files.exists(LogFiles.rotated(file, k), LinkOption.NOFOLLOW_LINKS)) {
                    compress(file, k);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot compress or expire the rotations of " + file + ": " + e.getMessage());
        }
    }

    /** Deletes the oldest rotations, from the first one last written before {@code cutoffMs} on (the chain stays contiguous). */
    private void expire(Path file, long cutoffMs) throws IOException {
        int first = 0;
        for (int k = 1; LogFiles.rotationExists(file, k); k++) {
            Path p = Files.exists(LogFiles.rotated(file, k), LinkOption.NOFOLLOW_LINKS) ? LogFiles.rotated(file, k) : LogFiles.compressed(file, k);
            if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoffMs) {
                first = k;
                break;
            }
        }
        if (first == 0) {
            return;
        }
        int from = first;
        renaming(() -> {
            for (int k = from; LogFiles.rotationExists(file, k); k++) {
                Files.deleteIfExists(LogFiles.rotated(file, k));
                Files.deleteIfExists(LogFiles.compressed(file, k));
            }
        });
    }

    private void compress(Path file, int k) throws IOException {
        Path plain = LogFiles.rotated(file, k);
        Path tmp = LogFiles.compressing(file, k);
        Object key;
        try (FileChannel in = LogFile.openToRead(plain)) {
            key = Files.readAttributes(plain, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            try (FileChannel outChannel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                try (InputStream src = Channels.newInputStream(in);
                     OutputStream gz = new GZIPOutputStream(Channels.newOutputStream(outChannel), 64 * 1024)) {
                    src.transferTo(gz);
                }
            }
        }
        try (FileChannel sync = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            sync.force(true); // the .gz must be whole on disk before the plain file goes
        }
        renaming(() -> {
            boolean same = Files.exists(plain, LinkOption.NOFOLLOW_LINKS) && key != null && key.equals(
                    Files.readAttributes(plain, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey());
            if (same) {
                Files.move(tmp, LogFiles.compressed(file, k), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.delete(plain);
            } else {
                Files.deleteIfExists(tmp);
            }
        });
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
