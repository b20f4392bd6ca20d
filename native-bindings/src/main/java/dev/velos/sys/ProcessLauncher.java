// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Starts a child with posix_spawn and nothing else: no Java code ever runs in the child, and the
 * JVM is never forked. The child gets
 * <ul>
 *   <li>fd 0 = {@code /dev/null}, fds 1 and 2 = fresh pipes read by the parent, the requested
 *       extra fds at their numbers, and nothing else: {@code addclosefrom_np} closes the dozen
 *       fds the JVM opens without FD_CLOEXEC (NATIVE-NOTES gotcha 1);</li>
 *   <li>its own session and process group ({@code POSIX_SPAWN_SETSID}), so a stop can signal the
 *       whole group;</li>
 *   <li>an empty signal mask and default dispositions: Java threads block SIGQUIT and a JVM
 *       started under nohup ignores SIGHUP, and the child would inherit both (gotcha 2).</li>
 * </ul>
 * {@link #spawn} blocks until the child has exec'd, so it belongs on a platform thread.
 * Instances are not thread-safe; give each spawning thread its own.
 */
public final class ProcessLauncher implements AutoCloseable {
    private static final int SPAWN_FLAGS = Spawn.POSIX_SPAWN_SETSID | Spawn.POSIX_SPAWN_SETSIGMASK
            | Spawn.POSIX_SPAWN_SETSIGDEF;

    /** Pipe capacity asked for each child's stdout and stderr. */
    static final int PIPE_BYTES = 1024 * 1024;

    private final CallState cs = CallState.open();

    /**
     * Starts {@code request}. On failure nothing is left open and the error names the program:
     * ENOENT (no such program), EACCES (not executable, or a directory), ENOEXEC (not a binary
     * and no shebang). A missing cwd also shows as ENOENT, so callers check the cwd first.
     */
    public SpawnedChild spawn(SpawnRequest request) {
        List<Fd> transientFds = new ArrayList<>();
        Fds.Pipe out = null;
        Fds.Pipe err = null;
        try (Arena arena = Arena.ofConfined()) {
            out = Fds.pipe2(cs, Fds.O_CLOEXEC);
            transientFds.add(out.write()); // before the next pipe2, which may fail (EMFILE)
            err = Fds.pipe2(cs, Fds.O_CLOEXEC);
            transientFds.add(err.write());
            Fd outWrite = selfReading(out.write(), transientFds);
            Fd errWrite = selfReading(err.write(), transientFds);
            int pid = spawnWithActions(arena, request, outWrite, errWrite, transientFds);
            closeAll(transientFds);
            Fd pidfd = openPidfd(pid);
            Fds.setNonBlocking(cs, out.read().value());
            Fds.setNonBlocking(cs, err.read().value());
            growPipe(out.read());
            growPipe(err.read());
            return new SpawnedChild(pid, pidfd, out.read(), err.read());
        } catch (RuntimeException e) {
            closeAll(transientFds);
            if (out != null) {
                out.read().close();
            }
            if (err != null) {
                err.read().close();
            }
            throw e;
        }
    }

    /**
     * The child's end of an output pipe, opened anew read-write ({@code /proc/self/fd/N} of a pipe
     * opens the same pipe): the child itself then counts as a reader of its own stdout, so when
     * the supervisor's process dies (kill -9, OOM) the child's writes neither raise SIGPIPE nor
     * fail with EPIPE. They fill the pipe instead — up to its size ({@link #PIPE_BYTES}), after
     * which the child blocks, losing nothing — until a new supervisor reopens the pipe through
     * {@code /proc/<pid>/fd/1} and reads on from the very byte where the dead one stopped
     * (issue 20, docs/HANDOVER.md). The child never reads fd 1, so it consumes none of its output.
     * Where {@code /proc} cannot be opened the plain write end is used (the old behaviour).
     */
    private Fd selfReading(Fd writeEnd, List<Fd> transientFds) {
        try {
            Fd readWrite = Fds.open(cs, "/proc/self/fd/" + writeEnd.value(), Fds.O_RDWR | Fds.O_CLOEXEC);
            transientFds.add(readWrite);
            return readWrite;
        } catch (ErrnoException e) {
            return writeEnd;
        }
    }

    /**
     * Starts {@code request} detached from this process's output: stdout and stderr are appended
     * to the given files (created 0600; append mode, so both may be one file and earlier runs'
     * output is kept), no pidfd is kept and nothing is registered, so the
     * child outlives this process (used to start the daemon in the background). Returns the pid.
     * The caller must not rely on reaping it: when this process exits the child is re-parented.
     */
    public int spawnDetached(SpawnRequest request, Path stdoutFile, Path stderrFile) {
        List<Fd> transientFds = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            return spawnWithActions(arena, request, Map.of(), fa -> {
                int flags = Fds.O_WRONLY | Fds.O_CREAT | Fds.O_APPEND; // no O_CLOEXEC: if open lands on 1 or 2 itself, it must survive exec
                Spawn.addOpen(arena, fa, 1, stdoutFile.toString(), flags, 0600);
                Spawn.addOpen(arena, fa, 2, stderrFile.toString(), flags, 0600);
            }, transientFds);
        } finally {
            closeAll(transientFds);
        }
    }

    private int spawnWithActions(Arena arena, SpawnRequest request, Fd outWrite, Fd errWrite, List<Fd> transientFds) {
        return spawnWithActions(arena, request, Map.of(1, outWrite.value(), 2, errWrite.value()), fa -> { }, transientFds);
    }

    private int spawnWithActions(Arena arena, SpawnRequest request, Map<Integer, Integer> outputDups,
                                 java.util.function.Consumer<MemorySegment> outputOpens, List<Fd> transientFds) {
        Map<Integer, Integer> dups = new java.util.TreeMap<>(outputDups);
        request.extraFds().forEach((target, source) -> dups.put(target, source.value()));
        int highestTarget = Math.max(2, dups.isEmpty() ? 2 : Collections.max(dups.keySet()));
        MemorySegment fa = Spawn.newFileActions(arena);
        MemorySegment attr = null;
        try {
            Spawn.addOpen(arena, fa, 0, "/dev/null", Fds.O_RDONLY, 0);
            outputOpens.accept(fa);
            for (Map.Entry<Integer, Integer> dup : dups.entrySet()) {
                int source = liftAbove(dup.getValue(), highestTarget, transientFds);
                Spawn.addDup2(fa, source, dup.getKey());
            }
            Spawn.addChdir(arena, fa, request.cwd());
            Spawn.addCloseFrom(fa, highestTarget + 1);
            attr = Spawn.newAttr(arena);
            Spawn.setFlags(attr, SPAWN_FLAGS);
            Spawn.setSigMask(attr, Signals.emptySet(arena));
            Spawn.setSigDefault(attr, Signals.fullSet(arena));
            MemorySegment argv = Spawn.stringArray(arena, request.argv(), request.argv().size());
            MemorySegment envp = Spawn.stringArray(arena, request.env(), request.env().size());
            return Spawn.spawn(arena, request.executable(), fa, attr, argv, envp);
        } finally {
            Spawn.destroyFileActions(fa);
            if (attr != null) {
                Spawn.destroyAttr(attr);
            }
        }
    }

    /**
     * A dup2 source at or below the highest target could be overwritten by an earlier dup2, and
     * {@code dup2(fd, fd)} keeps FD_CLOEXEC on older C libraries; so such a source is first copied
     * above every target (close-on-exec, closed again after the spawn).
     */
    private int liftAbove(int source, int highestTarget, List<Fd> transientFds) {
        if (source > highestTarget) {
            return source;
        }
        Fd lifted = Fd.of(Fds.fcntl(cs, source, Fds.F_DUPFD_CLOEXEC, highestTarget + 1));
        transientFds.add(lifted);
        return lifted.value();
    }

    /**
     * Raises a pipe's capacity from 64 KiB to {@link #PIPE_BYTES}: a chatty child then writes on
     * while the reader is busy, and each wake-up of the reader moves up to a megabyte instead of
     * 64 KiB. The kernel allocates the pages only as data arrives; a refusal (the per-user pipe
     * quota, {@code /proc/sys/fs/pipe-max-size}) keeps the default and is not an error.
     */
    private void growPipe(Fd readEnd) {
        try {
            Fds.fcntl(cs, readEnd.value(), Fds.F_SETPIPE_SZ, PIPE_BYTES);
        } catch (ErrnoException e) {
            // EPERM or EBUSY: stay at the default size.
        }
    }

    private Fd openPidfd(int pid) {
        try {
            return Pidfd.open(cs, pid);
        } catch (ErrnoException e) {
            // Without a pidfd nobody could reap the child; kill and reap it rather than leak a zombie.
            Signals.kill(cs, pid, Signals.SIGKILL);
            Wait.waitid(cs, Wait.P_PID, pid, Wait.WEXITED);
            throw e;
        }
    }

    private void closeAll(List<Fd> fds) {
        for (Fd fd : fds) {
            fd.close(cs);
        }
        fds.clear();
    }

    @Override
    public void close() {
        cs.close();
    }
}
