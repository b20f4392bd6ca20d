// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/stat} velos uses. The line is parsed after the <em>last</em>
 * {@code ')'}: the command name in parentheses may itself contain spaces and parentheses.
 *
 * @param pid        process id
 * @param state      one-letter state (R, S, D, Z, T...)
 * @param ppid       parent pid
 * @param pgrp       process-group id
 * @param session    session id
 * @param cpuTicks   utime + stime of all threads, in clock ticks (children not included)
 * @param threads    number of threads
 * @param startTicks start time in clock ticks since boot: with the pid, the process identity
 */
public record ProcStat(int pid, char state, int ppid, int pgrp, int session, long cpuTicks, int threads, long startTicks) {

    /** Parses one stat line; empty when it is malformed. */
    public static Optional<ProcStat> parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open || close + 2 > line.length()) {
            return Optional.empty();
        }
        String[] f = line.substring(close + 2).trim().split(" +");
        // After ')': [0] state, [1] ppid, [2] pgrp, [3] session, [11] utime, [12] stime,
        // [17] num_threads, [19] starttime (proc(5) numbers these fields 3, 4, 5, 6, 14, 15, 20, 22).
        if (f.length < 20 || f[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            int pid = Integer.parseInt(line.substring(0, open).trim());
            return Optional.of(new ProcStat(pid, f[0].charAt(0), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Long.parseLong(f[11]) + Long.parseLong(f[12]), Integer.parseInt(f[17]),
                    Long.parseLong(f[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isZombie() {
        return state == 'Z';
    }
}
