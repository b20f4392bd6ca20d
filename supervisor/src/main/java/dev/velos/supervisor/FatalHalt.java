// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The default {@link Supervisor.Builder#onFatal}: the loop is gone, so nothing restarts, stops or
 * reaps the children any more and every call fails. Limping on would hide that (a daemon that
 * still answers {@code ping}); halting lets a service manager restart the whole process. Halt,
 * not exit: after an OutOfMemoryError shutdown hooks may never finish.
 *
 * <p>It must work with the heap exhausted, where nearly every allocation fails. Measured with a
 * 24 MiB heap filled by a log sink ({@code FatalErrorTest}): {@code Runtime.halt} itself failed
 * when the JDK's shutdown machinery was first initialised at that moment, so {@link #prepare}
 * initialises it up front; {@code System.err} failed to print about half the time, so the
 * first line is bytes made in advance, written through a plain {@link FileOutputStream} (it
 * copies through a native stack buffer). The cause comes second, best effort.
 */
final class FatalHalt {
    static final int EXIT_STATUS = 70;
    static final Consumer<Throwable> HANDLER = FatalHalt::halt;
    private static final byte[] MESSAGE = ("velos supervisor: the event loop died; halting the JVM with status " + EXIT_STATUS
            + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final FileOutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    private FatalHalt() {
    }

    /** Initialises what {@code Runtime.halt} needs now, while there is memory (registering a hook does). */
    static void prepare() {
        Thread unused = Thread.ofPlatform().unstarted(() -> { });
        Runtime.getRuntime().addShutdownHook(unused);
        Runtime.getRuntime().removeShutdownHook(unused);
    }

    private static void halt(Throwable cause) {
        try {
            STDERR.write(MESSAGE);
            STDERR.write(("velos supervisor: cause: " + cause + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (Throwable ignored) {
            // Out of memory even for the cause: halt all the same.
        } finally {
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
