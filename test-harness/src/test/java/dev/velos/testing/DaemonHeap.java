// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A daemon's Java heap as {@code jcmd GC.heap_info} reports it (the JDK's own view, not an estimate). */
final class DaemonHeap {
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private DaemonHeap() {
    }

    /** Heap in use now, in bytes (live objects and garbage not yet collected). */
    static long used(long pid) {
        VelosCli.Result r = Shell.run(List.of(JCMD.toString(), Long.toString(pid), "GC.heap_info"));
        if (r.exit() != 0) {
            throw new AssertionError("jcmd GC.heap_info failed: " + r);
        }
        long kib = 0;
        // One unindented "<generation> total NK, used NK" line per generation (SerialGC: DefNew, Tenured); the
        // indented space lines below each repeat it in parts, and Metaspace is not heap.
        for (String line : r.out().lines().toList()) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.contains(" total ")
                    && !line.startsWith("Metaspace") && !line.contains("class space")) {
                Matcher m = USED.matcher(line);
                if (m.find()) {
                    kib += Long.parseLong(m.group(1));
                }
            }
        }
        return kib * 1024;
    }

    /** Heap in use right after a full collection: what the daemon really holds. */
    static long liveAfterGc(long pid) {
        Shell.run(List.of(JCMD.toString(), Long.toString(pid), "GC.run"));
        return used(pid);
    }
}
