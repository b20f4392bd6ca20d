// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * An exclusive lock on a lock file of the runtime directory, held by one thread of one process at
 * a time: the CLI, the daemon, {@code velos api} and {@code velos mcp-server} may all write the
 * same token store or audit trail. A POSIX record lock ({@code fcntl}) excludes other processes;
 * it is taken with {@code tryLock} and short sleeps rather than a blocking {@code lock}, so a
 * virtual thread waiting for it never sits in a native call (DESIGN §3), and the wait is bounded.
 * Record locks belong to the process, not to the thread, so an in-process lock orders this
 * process's own threads first.
 */
final class FileLock implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final FileChannel channel;

    private FileLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock of {@code lockFile} (made {@code 0600} if missing); throws {@link VelosException} after 10 s. */
    static FileLock take(Path lockFile) {
        IN_PROCESS.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                try {
                    if (ch.tryLock() != null) {
                        return new FileLock(ch);
                    }
                } catch (OverlappingFileLockException e) {
                    // Not possible behind IN_PROCESS; treated as held, which it is.
                }
                if (System.nanoTime() > deadline) {
                    throw new VelosException(ErrorCode.SYSTEM, "another velos process has held " + lockFile + " for over "
                            + WAIT.toSeconds() + " s; try again");
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            close(ch);
            IN_PROCESS.unlock();
            throw new VelosException(ErrorCode.SYSTEM, "cannot lock " + lockFile + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            close(ch);
            IN_PROCESS.unlock();
            Thread.currentThread().interrupt();
            throw new VelosException(ErrorCode.SYSTEM, "interrupted while waiting for " + lockFile, e);
        } catch (RuntimeException e) {
            close(ch);
            IN_PROCESS.unlock();
            throw e;
        }
    }

    @Override
    public void close() {
        if (channel.isOpen()) {
            close(channel); // closing the channel releases the record lock
            IN_PROCESS.unlock();
        }
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // The lock goes with the descriptor; nothing else to release.
            }
        }
    }
}
