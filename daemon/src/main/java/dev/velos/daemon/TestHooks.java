// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.ArrayList;
import java.util.List;

import dev.velos.model.ProcessEvent;
import dev.velos.supervisor.Supervisor;

/**
 * Faults the end-to-end tests inject into a real daemon, each switched on only by the system
 * property {@code velos.test.hook} (a test passes it through {@code JAVA_TOOL_OPTIONS}; nothing
 * velos ships sets it). Each makes a fatal path happen deterministically instead of waiting for a
 * real out-of-memory or a machine crash:
 * <ul>
 *   <li>{@code oom-on-start=<app>}: when {@code <app>} starts, the event loop allocates until
 *       OutOfMemoryError (the daemon must exit, not linger);</li>
 *   <li>{@code writer-dies-on-start=<app>}: when {@code <app>} starts, the log writer thread is
 *       handed a malformed block and dies of it (the daemon must exit);</li>
 *   <li>{@code halt-before-rename=<n>}: the n-th state save halts the JVM right after the temp
 *       file's fsync, before the rename (as a kill -9 at that moment would);</li>
 *   <li>{@code clock-offset-file=<path>}: the log files' clock (time rotation, age retention, the
 *       daemon log's stamps) runs ahead of the real one by the milliseconds written in that file,
 *       re-read as the test changes it: a day of rotation without a day of waiting;</li>
 *   <li>{@code maintain-every=<ms>}: the log maintenance tick (time rotation and expiry of idle
 *       files) runs that often instead of at each local hour;</li>
 *   <li>{@code log-drop-bytes=<n>}: the log writer drops lines past n bytes queued instead of
 *       64 MiB (the supervisor's back-pressure pauses reading at 16 MiB, so without it no
 *       end-to-end test could see a drop).</li>
 * </ul>
 */
record TestHooks(String oomOnStart, String writerDiesOnStart, int haltBeforeRename, String clockOffsetFile, long maintainEveryMs,
                 long logDropBytes) {
    private static final TestHooks CURRENT = parse(System.getProperty("velos.test.hook", ""));

    static TestHooks current() {
        return CURRENT;
    }

    static TestHooks parse(String spec) {
        String oom = "";
        String writer = "";
        int halt = 0;
        String clock = "";
        long maintain = 0;
        long drop = dev.velos.logs.LogFileWriter.DROP_BYTES;
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = part.substring(eq + 1).trim();
            switch (part.substring(0, eq).trim()) {
                case "oom-on-start" -> oom = value;
                case "writer-dies-on-start" -> writer = value;
                case "halt-before-rename" -> halt = Integer.parseInt(value);
                case "clock-offset-file" -> clock = value;
                case "maintain-every" -> maintain = Long.parseLong(value);
                case "log-drop-bytes" -> drop = Long.parseLong(value);
                default -> System.err.println("[velos-daemon] unknown test hook '" + part + "'");
            }
        }
        return new TestHooks(oom, writer, halt, clock, maintain, drop);
    }

    /** The clock of the log files: the system's, or with {@code clock-offset-file} one that runs ahead by the file's offset. */
    java.time.Clock logClock() {
        return clockOffsetFile.isEmpty() ? java.time.Clock.systemDefaultZone() : new OffsetFileClock(java.nio.file.Path.of(clockOffsetFile));
    }

    /** Adds the start-time hooks to the supervisor being built. */
    void installOn(Supervisor.Builder builder, AppLogs logs) {
        if (!oomOnStart.isEmpty()) {
            builder.listener(event -> {
                if (event instanceof ProcessEvent.Started s && s.name().equals(oomOnStart)) {
                    exhaustHeap();
                }
            });
        }
        if (!writerDiesOnStart.isEmpty()) {
            builder.listener(event -> {
                if (event instanceof ProcessEvent.Started s && s.name().equals(writerDiesOnStart)) {
                    logs.breakWriterForTest();
                }
            });
        }
    }

    private static void exhaustHeap() {
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }
}
