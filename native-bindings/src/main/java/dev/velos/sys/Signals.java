// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Signal numbers, {@code kill}, and glibc {@code sigset_t} construction for spawn attributes. */
public final class Signals {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGWINCH = 28;

    /** {@code sizeof(sigset_t)} in glibc: 1024 bits. The kernel's own set is 8 bytes; never mix them. */
    public static final long SIGSET_SIZE = 128;

    private Signals() {
    }

    /**
     * {@code int kill(pid_t pid, int sig)}; man7.org/linux/man-pages/man2/kill.2.html. A negative
     * pid signals the whole process group {@code -pid}. Returns false on ESRCH (nobody left to
     * signal), throws on other errors.
     */
    public static boolean kill(CallState cs, int pid, int signal) {
        int rc;
        try {
            rc = (int) Kill.HANDLE.invokeExact(cs.segment(), pid, signal);
        } catch (Throwable t) {
            throw new AssertionError("kill", t);
        }
        if (rc == 0) {
            return true;
        }
        if (cs.errno() == Errno.ESRCH.number()) {
            return false;
        }
        throw cs.failure("kill", "pid=" + pid + ", sig=" + signal);
    }

    /** An empty glibc sigset ({@code sigemptyset}) allocated in {@code arena}. */
    public static MemorySegment emptySet(Arena arena) {
        MemorySegment set = arena.allocate(SIGSET_SIZE, 8);
        call(SigEmptySet.HANDLE, "sigemptyset", set);
        return set;
    }

    /** A full glibc sigset ({@code sigfillset}); glibc leaves out its internal signals 32 and 33. */
    public static MemorySegment fullSet(Arena arena) {
        MemorySegment set = arena.allocate(SIGSET_SIZE, 8);
        call(SigFillSet.HANDLE, "sigfillset", set);
        return set;
    }

    private static void call(MethodHandle handle, String name, MemorySegment set) {
        int rc;
        try {
            rc = (int) handle.invokeExact(set);
        } catch (Throwable t) {
            throw new AssertionError(name, t);
        }
        if (rc != 0) {
            throw new SysException(name + " failed with " + rc);
        }
    }

    private static final class Kill {
        static final MethodHandle HANDLE = Downcalls.linkErrno("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** {@code int sigemptyset(sigset_t *set)}; only fails with EINVAL for a NULL set. */
    private static final class SigEmptySet {
        static final MethodHandle HANDLE = Downcalls.link("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** {@code int sigfillset(sigset_t *set)}; only fails with EINVAL for a NULL set. */
    private static final class SigFillSet {
        static final MethodHandle HANDLE = Downcalls.link("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }
}
