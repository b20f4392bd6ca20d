// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which log files cannot be written right now, and why. A full disk fails every block of every
 * chatty app many times a second; the condition is logged once when it starts (per file) and once
 * when writing works again, with how many lines were dropped meanwhile, instead of flooding the
 * daemon's own log (which usually sits on the same full disk). Written by the writer thread, read
 * by any thread.
 */
final class WriteErrors {
    /** One failing file: its app, the first error, when it started, lines dropped since. */
    private record Failure(String name, String message, Instant since, long dropped) {
    }

    private final System.Logger log;
    private final Map<Path, Failure> failing = new ConcurrentHashMap<>();

    WriteErrors(System.Logger log) {
        this.log = log;
    }

    /** A write or flush of {@code file} (of app {@code name}) failed, losing {@code lines} lines. */
    void failed(String name, Path file, IOException e, long lines) {
        Failure before = failing.get(file);
        if (before == null) {
            String message = describe(e);
            failing.put(file, new Failure(name, message, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), lines));
            log.log(Level.WARNING, "cannot write the logs of ''{0}'' to {1}: {2}; its lines are dropped until this "
                    + "is fixed (velos retries on every write)", name, file, message);
        } else {
            failing.put(file, new Failure(name, before.message(), before.since(), before.dropped() + lines));
        }
    }

    /** {@code file} was just flushed: if it failed before, it works again. */
    void succeeded(Path file) {
        if (failing.isEmpty()) {
            return;
        }
        Failure f = failing.remove(file);
        if (f != null) {
            log.log(Level.WARNING, "writing the logs of ''{0}'' to {1} again; {2} line(s) were dropped since {3} ({4})",
                    f.name(), file, Long.toString(f.dropped()), f.since(), f.message());
        }
    }

    /** {@code name} was deleted: its failures are no longer anyone's concern. */
    void forget(String name) {
        failing.values().removeIf(f -> f.name().equals(name));
    }

    /** Why {@code name}'s lines are not being written, or "" when they are. */
    String of(String name) {
        for (Failure f : failing.values()) {
            if (f.name().equals(name)) {
                return f.message() + " (since " + f.since() + ", " + f.dropped() + " line(s) dropped)";
            }
        }
        return "";
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.contains("No space left") ? "No space left on device" : message;
    }
}
