// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.lang.foreign.Arena;

import dev.velos.sys.CallState;
import dev.velos.sys.Signals;

import sun.misc.Signal;

/**
 * SIGQUIT as a graceful stop, for {@code velos run} (issue 22): some images stop their container
 * with it ({@code STOPSIGNAL SIGQUIT}). The JVM keeps SIGQUIT for its thread dumps, and
 * {@code sun.misc.Signal} refuses it; so SIGQUIT's handler becomes libc's {@code alarm} (see
 * {@link Signals#alarmOn}) and the SIGALRM it sets, {@value Signals#SIGQUIT} seconds later, is
 * handled in Java. The stop therefore begins 3 s after SIGQUIT (SIGTERM and SIGINT act at once),
 * a SIGQUIT no longer prints a thread dump, and {@code jcmd}, which rings SIGQUIT to attach, cannot
 * attach to {@code velos run}. Nothing else in velos uses SIGALRM.
 */
final class QuitSignal {
    private QuitSignal() {
    }

    static void install(Runnable onQuit) {
        Signal.handle(new Signal("ALRM"), s -> onQuit.run());
        try (Arena arena = Arena.ofConfined()) {
            Signals.alarmOn(CallState.allocate(arena), Signals.SIGQUIT);
        }
    }
}
