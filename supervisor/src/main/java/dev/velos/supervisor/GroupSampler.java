// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.velos.sys.linux.ProcFs;
import dev.velos.sys.linux.ProcReader;
import dev.velos.sys.linux.ProcStat;

/**
 * CPU and memory of whole process groups, from one pass over {@code /proc}: a Node or Python
 * master with workers, or a shell with its pipeline, is one app to the user. CPU is the
 * interval value, Δ(utime+stime) / CLK_TCK / Δwall, not {@code ps}'s lifetime average; RSS is
 * {@code statm} × the real page size.
 */
final class GroupSampler {
    private static final System.Logger LOG = System.getLogger(GroupSampler.class.getName());
    private final long ticksPerSecond = ProcFs.clockTicksPerSecond();
    /** Reused pass after pass (loop thread only): a pass reads every process's stat on the machine. */
    private final ProcReader proc = new ProcReader();
    /** Whether the last pass could not read /proc (said once, not every two seconds). */
    private boolean failing;

    void sample(Collection<ManagedProcess> entries) {
        List<ManagedProcess> live = entries.stream().filter(e -> e.child != null && !e.child.reaped).toList();
        if (live.isEmpty()) {
            return;
        }
        Map<Integer, long[]> ticksByGroup = new HashMap<>();
        Map<Integer, long[]> rssByGroup = new HashMap<>();
        for (ManagedProcess e : live) {
            ticksByGroup.put(e.child.pid, new long[1]);
            rssByGroup.put(e.child.pid, new long[1]);
        }
        List<ProcStat> all;
        try {
            all = proc.allProcesses();
        } catch (java.io.UncheckedIOException e) {
            // Out of file descriptors, typically: keep the last figures and try again next time.
            if (!failing) {
                LOG.log(System.Logger.Level.WARNING, "cannot sample CPU and memory ({0}); keeping the last figures until"
                        + " /proc can be read again", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                failing = true;
            }
            return;
        }
        failing = false;
        for (ProcStat stat : all) {
            long[] ticks = ticksByGroup.get(stat.pgrp());
            if (ticks == null || stat.isZombie()) {
                continue;
            }
            ticks[0] += stat.cpuTicks();
            rssByGroup.get(stat.pgrp())[0] += proc.rssBytes(stat.pid()).orElse(0L);
        }
        long now = System.nanoTime();
        for (ManagedProcess e : live) {
            Child child = e.child;
            long ticks = ticksByGroup.get(child.pid)[0];
            long memory = rssByGroup.get(child.pid)[0];
            if (e.cgroup != null) {
                // The app's cgroup holds everything it started, inside its group or not: its figures win.
                var micros = CgroupTree.cpuMicros(e.cgroup);
                if (micros.isPresent()) {
                    ticks = micros.getAsLong() * ticksPerSecond / 1_000_000;
                }
                memory = CgroupTree.memoryBytes(e.cgroup).orElse(memory);
            }
            double seconds = (now - child.lastSampleNanos) / 1e9;
            long delta = Math.max(0, ticks - child.lastCpuTicks);
            e.cpuPercent = seconds > 0 ? Math.round(delta * 1000.0 / ticksPerSecond / seconds) / 10.0 : 0;
            e.memoryBytes = memory;
            child.lastCpuTicks = ticks;
            child.lastSampleNanos = now;
        }
    }
}
