// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file descriptor held in reserve (on {@code /dev/null}) for the moment the process runs out
 * of them. A listening socket whose accept fails with EMFILE stays readable, so an acceptor that
 * just retries spins at full CPU while its clients hang in the backlog; with a spare, the acceptor
 * frees it, takes the waiting connection, closes it (the client sees a clean hang-up) and takes
 * the spare back.
 */
final class SpareDescriptor implements AutoCloseable {
    private static final Path DEV_NULL = Path.of("/dev/null");
    private FileChannel spare = open();

    /** Runs {@code action} with the spare descriptor released for it, then takes the spare back. */
    synchronized void spend(Runnable action) {
        release();
        try {
            action.run();
        } finally {
            spare = open();
        }
    }

    @Override
    public synchronized void close() {
        release();
    }

    private void release() {
        if (spare != null) {
            try {
                spare.close();
            } catch (IOException e) {
                // A /dev/null descriptor that cannot close is closed anyway.
            }
            spare = null;
        }
    }

    private static FileChannel open() {
        try {
            return FileChannel.open(DEV_NULL, StandardOpenOption.READ);
        } catch (IOException e) {
            return null; // still out of descriptors: the next spend tries again
        }
    }
}
