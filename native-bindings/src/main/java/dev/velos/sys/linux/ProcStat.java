// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.nio.charset.StandardCharsets;
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
        byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        return parse(bytes, bytes.length);
    }

    /**
     * Parses the stat line in the first {@code length} bytes of {@code bytes}, field by field in
     * place: a sampling pass reads every process's stat, so no string, split or regex per line.
     */
    public static Optional<ProcStat> parse(byte[] bytes, int length) {
        int open = indexOf(bytes, 0, length, (byte) '(');
        int close = lastIndexOf(bytes, length, (byte) ')');
        if (open <= 0 || close < open || close + 2 > length) {
            return Optional.empty();
        }
        long pid = number(bytes, skipSpaces(bytes, 0, open), open, true);
        // After ')': [0] state, [1] ppid, [2] pgrp, [3] session, [11] utime, [12] stime,
        // [17] num_threads, [19] starttime (proc(5) numbers these fields 3, 4, 5, 6, 14, 15, 20, 22).
        char state = 0;
        long ppid = 0;
        long pgrp = 0;
        long session = 0;
        long cpuTicks = 0;
        long threads = 0;
        long startTicks = 0;
        int at = close + 1;
        for (int field = 0; field < 20; field++) {
            int from = skipSpaces(bytes, at, length);
            int to = from;
            while (to < length && bytes[to] != ' ' && bytes[to] != '\n') {
                to++;
            }
            if (from == to) {
                return Optional.empty(); // fewer fields than a stat line has
            }
            at = to;
            if (field == 0) {
                state = (char) (bytes[from] & 0xff);
                continue;
            }
            if (field > 3 && field != 11 && field != 12 && field != 17 && field != 19) {
                continue;
            }
            long value = number(bytes, from, to, false);
            if (value == MALFORMED) {
                return Optional.empty();
            }
            switch (field) {
                case 1 -> ppid = value;
                case 2 -> pgrp = value;
                case 3 -> session = value;
                case 17 -> threads = value;
                case 19 -> startTicks = value;
                default -> cpuTicks += value; // utime, stime
            }
        }
        if (pid == MALFORMED) {
            return Optional.empty();
        }
        return Optional.of(new ProcStat((int) pid, state, (int) ppid, (int) pgrp, (int) session, cpuTicks, (int) threads,
                startTicks));
    }

    private static final long MALFORMED = Long.MIN_VALUE;

    /** The decimal number in {@code [from, to)}, optionally followed by spaces; {@link #MALFORMED} if it is not one. */
    private static long number(byte[] bytes, int from, int to, boolean trailingSpaces) {
        boolean negative = from < to && bytes[from] == '-';
        int i = negative ? from + 1 : from;
        if (i >= to) {
            return MALFORMED;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                if (trailingSpaces && skipSpaces(bytes, i, to) == to) {
                    break;
                }
                return MALFORMED;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static int skipSpaces(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && bytes[i] == ' ') {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, int to, byte b) {
        for (int i = to - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    public boolean isZombie() {
        return state == 'Z';
    }
}
