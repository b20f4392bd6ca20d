// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds processes by a variable of their <em>initial</em> environment, {@code /proc/<pid>/environ}
 * (what they were exec'd with; a later {@code setenv} does not show). That is how velos knows its
 * own processes wherever they went: every child carries {@code VELOS_APP=<name>@<dir>}, which its
 * descendants inherit even when they leave the process group ({@code setsid}, double fork).
 *
 * <p>Only processes of the same user (or any, as root) can be read; others, zombies (their
 * environ reads empty) and processes that vanish mid-scan are skipped, which is normal. One
 * scan reads every process's environ: about a few microseconds each, so tens of milliseconds
 * with 10,000 processes — run it off any thread that must stay responsive. An instance reuses
 * one buffer and is not thread-safe.
 */
public final class ProcEnviron {
    /** A process and the value its environment gives the variable asked for. */
    public record Marked(int pid, String value) {
    }

    private final ProcFileBuffer file = new ProcFileBuffer(16 * 1024);

    /** Every process whose initial environment sets {@code variable} to a value {@code wanted} accepts. */
    public List<Marked> carrying(String variable, Predicate<String> wanted) {
        byte[] prefix = (variable + "=").getBytes(StandardCharsets.UTF_8);
        List<Marked> found = new ArrayList<>();
        ProcFileBuffer.forEachPid(pid -> value(pid, prefix).filter(wanted).ifPresent(v -> found.add(new Marked(pid, v))));
        return found;
    }

    /** The value {@code pid}'s initial environment gives {@code variable}; empty when unset, gone or unreadable. */
    public Optional<String> value(int pid, String variable) {
        return value(pid, (variable + "=").getBytes(StandardCharsets.UTF_8));
    }

    private Optional<String> value(int pid, byte[] prefix) {
        if (!file.read("/proc/" + pid + "/environ")) {
            return Optional.empty();
        }
        byte[] bytes = file.bytes;
        int end = file.length;
        int start = 0;
        while (start < end) {
            int nul = start;
            while (nul < end && bytes[nul] != 0) {
                nul++;
            }
            if (nul - start >= prefix.length && Arrays.equals(bytes, start, start + prefix.length, prefix, 0,
                    prefix.length)) {
                return Optional.of(new String(bytes, start + prefix.length, nul - start - prefix.length, StandardCharsets.UTF_8));
            }
            start = nul + 1;
        }
        return Optional.empty();
    }
}
