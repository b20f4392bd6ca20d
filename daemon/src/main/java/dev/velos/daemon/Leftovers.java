// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.velos.sys.CallState;
import dev.velos.sys.Signals;
import dev.velos.sys.linux.ProcFs;
import dev.velos.sys.linux.ProcStat;
import dev.velos.supervisor.Supervisor;

/**
 * Stops what a daemon that died without cleaning up (kill -9, OOM) left running, before the
 * saved list is restored — otherwise every app would run twice. Two ways to find them: at start-up
 * every process group led by a process whose environment carries this runtime directory's
 * {@code VELOS_APP=<name>@<dir>} (set by the supervisor in every child) is an orphan, since the
 * lock file guarantees no other daemon for this directory lives — this also finds children
 * spawned a moment before the kill, whose pids never reached state.bin; and, for apps started by
 * older daemons without that variable, the pid saved in state.bin. A saved pid is trusted only if
 * {@code /proc} shows the same start time and the process still leads its own group, so a pid
 * the kernel has since given to an unrelated process is never signalled. The group gets SIGTERM,
 * then SIGKILL after the app's kill timeout. (Adopting the orphans instead would keep them
 * running, but their stdout went to the dead daemon's pipes and is lost; a clean restart is
 * what the user can reason about.)
 */
final class Leftovers {
    private static final long POLL_MILLIS = 50;

    private Leftovers() {
    }

    /**
     * Stops every process group of {@code home}'s apps that a dead daemon left behind (SIGTERM to all,
     * SIGKILL after {@code killTimeout}); returns how many groups it stopped.
     */
    static int stopOrphans(Path home, Duration killTimeout) {
        byte[] suffix = ("@" + home.toAbsolutePath().normalize()).getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (Supervisor.ownerVariable() + "=").getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<ProcStat> orphans = ProcFs.allProcesses().stream()
                .filter(s -> s.pid() != self && s.pgrp() == s.pid() && !s.isZombie())
                .filter(s -> carriesOwner(s.pid(), prefix, suffix)).toList();
        if (orphans.isEmpty()) {
            return 0;
        }
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            orphans.forEach(s -> Signals.kill(cs, -s.pid(), Signals.SIGTERM));
            long deadline = System.nanoTime() + killTimeout.toNanos();
            while (orphans.stream().anyMatch(s -> ProcFs.hasLiveGroupMembers(s.pid())) && System.nanoTime() < deadline) {
                sleep();
            }
            orphans.stream().filter(s -> ProcFs.hasLiveGroupMembers(s.pid()))
                    .forEach(s -> Signals.kill(cs, -s.pid(), Signals.SIGKILL));
        }
        return orphans.size();
    }

    /** Whether {@code pid}'s initial environment has an entry {@code prefix ... suffix} (ours, any app name). */
    private static boolean carriesOwner(int pid, byte[] prefix, byte[] suffix) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not ours to read
        }
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                int length = i - start;
                if (length > prefix.length + suffix.length
                        && Arrays.equals(environ, start, start + prefix.length, prefix, 0, prefix.length)
                        && Arrays.equals(environ, i - suffix.length, i, suffix, 0, suffix.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** The start time to save with {@code pid}, 0 when it is not running. */
    static long startTicks(int pid) {
        return pid > 0 ? ProcFs.startTicks(pid).orElse(0L) : 0L;
    }

    /** Stops the group led by {@code pid} if it is still the process that was saved; true if it had to. */
    static boolean stop(int pid, long startTicks, Duration killTimeout) {
        if (pid <= 0 || startTicks <= 0) {
            return false;
        }
        ProcStat stat = ProcFs.stat(pid).orElse(null);
        if (stat == null || stat.isZombie() || stat.startTicks() != startTicks || stat.pgrp() != pid) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            Signals.kill(cs, -pid, Signals.SIGTERM);
            long deadline = System.nanoTime() + killTimeout.toNanos();
            while (ProcFs.hasLiveGroupMembers(pid) && System.nanoTime() < deadline) {
                sleep();
            }
            if (ProcFs.hasLiveGroupMembers(pid)) {
                Signals.kill(cs, -pid, Signals.SIGKILL);
                long hardDeadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (ProcFs.hasLiveGroupMembers(pid) && System.nanoTime() < hardDeadline) {
                    sleep();
                }
            }
        }
        return true;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
