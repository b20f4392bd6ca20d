// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The post-start check of REFERENCE §8.3: a program that dies at once is reported right away,
 * not discovered later in {@code velos list}. The start itself still succeeded (exit 0).
 */
final class CrashCheck {
    /** At most 6 polls, 250 ms apart in real use: about 1.5 s. */
    static final int POLLS = 6;

    private CrashCheck() {
    }

    /**
     * Polls {@code started} up to {@link #POLLS} times and returns the warning to print, if any.
     * Like the original it stops at the first poll that shows no restart since the start (an
     * entry started again keeps its old count, hence the baseline) and keeps looking while the
     * process is restarting.
     */
    static Optional<String> after(VelosClient client, ProcessView started, Duration interval) {
        int baseline = started.restartCount();
        ProcessView last = null;
        for (int i = 0; i < POLLS; i++) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            List<ProcessView> views;
            try {
                views = client.info(Integer.toString(started.id()));
            } catch (IpcException e) {
                return Optional.empty(); // deleted meanwhile, or the daemon went away: nothing to warn about
            }
            if (views.isEmpty()) {
                return Optional.empty();
            }
            last = views.getFirst();
            if (Formats.status(last).equals("errored")) {
                return Optional.of(warning(last, baseline));
            }
            if (last.restartCount() <= baseline) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(last).map(v -> warning(v, baseline));
    }

    private static String warning(ProcessView v, int baseline) {
        if (Formats.status(v).equals("errored")) {
            return "[velos] Warning: '" + v.name() + "' has crashed (restarts: " + v.restartCount()
                    + "). Check logs: velos logs " + v.name();
        }
        return "[velos] Warning: '" + v.name() + "' restarted " + (v.restartCount() - baseline)
                + " time(s) right after start. Check logs: velos logs " + v.name();
    }
}
