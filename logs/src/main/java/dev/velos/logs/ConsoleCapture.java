// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file a detached daemon's stdout or stderr is appended to ({@code logs/daemon-stderr.log},
 * {@code daemon-stdout.log}, a successor's {@code daemon-restart.log}). The daemon's own lines go
 * to {@code daemon.log} only ({@link DaemonLog}), so what lands here is what cannot go through it:
 * the JVM's own output (a crash report's summary, {@code -XX:+ExitOnOutOfMemoryError}'s last
 * words, warnings), and what the daemon prints before its log is open (it could not start). The
 * bytes come straight from another process's descriptor, so no writer can rotate them while they
 * are written; instead the file is bounded at each launch: one past {@link #MAX_BYTES} becomes
 * {@code <file>.1} (replacing the one before), so at most about twice that is kept, and the
 * output of the last crash is never the part that goes.
 */
public final class ConsoleCapture {
    public static final long MAX_BYTES = 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(ConsoleCapture.class.getName());

    private ConsoleCapture() {
    }

    /** Before a launch that appends to {@code file}: moves it to {@code <file>.1} when it is past {@link #MAX_BYTES}. */
    public static void bound(Path file) {
        bound(file, MAX_BYTES);
    }

    static void bound(Path file, long maxBytes) {
        try {
            if (Files.size(file) > maxBytes) {
                Files.move(file, LogFiles.rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (NoSuchFileException e) {
            // Nothing captured yet.
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot rotate " + file + ": " + e.getMessage());
        }
    }
}
