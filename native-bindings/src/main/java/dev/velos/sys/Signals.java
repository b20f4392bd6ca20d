// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Signal numbers, {@code kill}, glibc {@code sigset_t} construction for spawn attributes, and one
 * C-level handler ({@link #alarmOn}) for a signal the JVM keeps for itself.
 */
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
    /** {@code sa_flags}: a system call the handler interrupted is restarted rather than failing with EINTR. */
    public static final int SA_RESTART = 0x10000000;

    /**
     * glibc's {@code struct sigaction} on Linux (the C library's, not the kernel's): the handler,
     * the mask blocked while it runs, the flags, and {@code sa_restorer}, which glibc fills in itself.
     */
    public static final StructLayout SIGACTION = MemoryLayout.structLayout(
            ADDRESS.withName("sa_handler"),
            MemoryLayout.sequenceLayout(SIGSET_SIZE, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("sa_mask"),
            JAVA_INT.withName("sa_flags"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("sa_restorer")).withName("sigaction");

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

    /**
     * Makes {@code signal} call libc's {@code alarm(signal)}: a SIGALRM follows {@code signal}
     * seconds later, which Java code can handle. For a signal Java cannot take itself — the JVM
     * keeps SIGQUIT for its thread dumps ({@code sun.misc.Signal} refuses it, and {@code -Xrs},
     * which frees it, refuses SIGTERM and SIGINT instead) — without a Java upcall, which a signal
     * handler must not make (upcall stubs are not async-signal-safe, STYLE pitfall 10): the kernel
     * calls the handler with the signal's number as its one argument, and {@code alarm} is on
     * POSIX's list of async-signal-safe functions. It replaces the JVM's own handler of
     * {@code signal} (for SIGQUIT: thread dumps, and {@code jcmd}'s attach, which rings it).
     * {@code int sigaction(int, const struct sigaction *, struct sigaction *)};
     * man7.org/linux/man-pages/man2/sigaction.2.html, /man2/alarm.2.html.
     */
    public static void alarmOn(CallState cs, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment action = arena.allocate(SIGACTION);
            action.set(ADDRESS, SIGACTION.byteOffset(MemoryLayout.PathElement.groupElement("sa_handler")), Alarm.ADDRESS);
            action.set(JAVA_INT, SIGACTION.byteOffset(MemoryLayout.PathElement.groupElement("sa_flags")), SA_RESTART);
            int rc;
            try {
                rc = (int) SigAction.HANDLE.invokeExact(cs.segment(), signal, action, MemorySegment.NULL);
            } catch (Throwable t) {
                throw new AssertionError("sigaction", t);
            }
            if (rc != 0) {
                throw cs.failure("sigaction", "sig=" + signal);
            }
        }
    }

    /**
     * {@code unsigned alarm(unsigned seconds)}: a SIGALRM after {@code seconds} (0 cancels);
     * returns the seconds that were left of the previous one, 0 if none. Never fails.
     */
    public static int alarm(int seconds) {
        try {
            return (int) Alarm.HANDLE.invokeExact(seconds);
        } catch (Throwable t) {
            throw new AssertionError("alarm", t);
        }
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

    private static final class SigAction {
        static final MethodHandle HANDLE = Downcalls.linkErrno("sigaction",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    private static final class Alarm {
        static final MemorySegment ADDRESS = Downcalls.address("alarm");
        static final MethodHandle HANDLE = Downcalls.link("alarm", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
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
