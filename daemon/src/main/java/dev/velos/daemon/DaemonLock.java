// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One daemon per runtime directory: {@code velos.lock} (a file lock held while the daemon runs)
 * and {@code velos.pid} (its pid, for clients and for the next daemon: one left behind means the
 * last daemon did not shut down). A lock held through {@link FileChannel#tryLock} is the process's
 * and cannot be handed over, so a successor waits for it while its predecessor exits.
 */
final class DaemonLock implements AutoCloseable {
    private final Path home;
    /** Holds the lock: closing the channel releases it, so the FileLock object itself need not be kept. */
    private final FileChannel channel;

    private DaemonLock(Path home, FileChannel channel) {
        this.home = home;
        this.channel = channel;
    }

    /** The lock if no other daemon holds it; empty (nothing held) when one does. */
    static Optional<DaemonLock> tryAcquire(Path home) throws IOException {
        FileChannel channel = open(home);
        if (!tryLock(channel)) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(new DaemonLock(home, channel));
    }

    /** The lock once its holder released it (a successor while its predecessor exits), at most {@code timeout}. */
    static DaemonLock await(Path home, Duration timeout) throws IOException {
        FileChannel channel = open(home);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!tryLock(channel)) {
            if (System.nanoTime() > deadline) {
                channel.close();
                throw new IOException("the previous daemon still holds " + home.resolve("velos.lock") + " after "
                        + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.close();
                throw new IOException("interrupted while waiting for " + home.resolve("velos.lock"), e);
            }
        }
        return new DaemonLock(home, channel);
    }

    private static FileChannel open(Path home) throws IOException {
        Path lockFile = home.resolve("velos.lock");
        FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-------")); // one made by an older daemon
        return channel;
    }

    /** Whether the lock was taken; it stays held until {@code channel} is closed. */
    private static boolean tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    /** The pid in {@code home}'s pid file, "unknown" without one. */
    static String runningPid(Path home) {
        try {
            return Files.readString(home.resolve("velos.pid")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Whether a pid file is there: with the lock held, it is one a daemon that did not shut down left behind. */
    boolean pidFileLeftBehind() {
        return Files.exists(home.resolve("velos.pid"));
    }

    /** Writes this process's pid, atomically, 0600. */
    void writePidFile() throws IOException {
        Path temp = home.resolve("velos.pid.tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        Files.move(temp, home.resolve("velos.pid"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A clean shutdown: the pid file goes (so the next daemon knows nothing was left running), then the lock. */
    void removePidFileAndRelease() {
        try {
            Files.deleteIfExists(home.resolve("velos.pid"));
        } catch (IOException e) {
            System.err.println("[velos-daemon] cannot remove " + home.resolve("velos.pid") + ": " + e.getMessage());
        }
        close();
    }

    /** Releases the lock, leaving the pid file (after a hand-over it is the successor's to write). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            System.err.println("[velos-daemon] cannot release the lock: " + e.getMessage());
        }
    }
}
