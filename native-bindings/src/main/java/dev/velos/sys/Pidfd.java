// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Process file descriptors (Linux 5.3+). A pidfd names one process for its whole life, so
 * signalling through it cannot hit a recycled pid, and it becomes readable (EPOLLIN) when the
 * process exits, which replaces SIGCHLD handlers and per-child reaper threads.
 */
public final class Pidfd {
    /** {@code pidfd_send_signal} flag: signal the target's whole process group (Linux 6.9+). */
    public static final int PIDFD_SIGNAL_PROCESS_GROUP = 4;

    private Pidfd() {
    }

    /**
     * {@code int pidfd_open(pid_t pid, unsigned int flags)}; man7.org/linux/man-pages/man2/pidfd_open.2.html
     * (glibc 2.36). The fd is always close-on-exec. Race-free right after spawn as long as nothing
     * else reaps the child (no waitpid(-1) anywhere, SIGCHLD not ignored).
     */
    public static Fd open(CallState cs, int pid) {
        int fd;
        try {
            fd = (int) Open.HANDLE.invokeExact(cs.segment(), pid, 0);
        } catch (Throwable t) {
            throw new AssertionError("pidfd_open", t);
        }
        if (fd < 0) {
            throw cs.failure("pidfd_open", "pid=" + pid);
        }
        return Fd.of(fd);
    }

    /**
     * {@code int pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int flags)};
     * man7.org/linux/man-pages/man2/pidfd_send_signal.2.html. Returns false on ESRCH (the
     * process has been reaped), throws on other errors. Signalling an exited but unreaped
     * process (a zombie) succeeds, so true does not mean "still running".
     */
    public static boolean sendSignal(CallState cs, Fd pidfd, int signal, int flags) {
        int rc;
        try {
            rc = (int) SendSignal.HANDLE.invokeExact(cs.segment(), pidfd.value(), signal, MemorySegment.NULL, flags);
        } catch (Throwable t) {
            throw new AssertionError("pidfd_send_signal", t);
        }
        if (rc == 0) {
            return true;
        }
        if (cs.errno() == Errno.ESRCH.number()) {
            return false;
        }
        throw cs.failure("pidfd_send_signal", "pidfd=" + pidfd.value() + ", sig=" + signal + ", flags=" + flags);
    }

    /**
     * {@code int pidfd_getfd(int pidfd, int targetfd, unsigned int flags)};
     * man7.org/linux/man-pages/man2/pidfd_getfd.2.html (Linux 5.6, glibc 2.36). A copy of the
     * target's fd {@code targetFd}, close-on-exec, sharing its open file description: how a
     * supervisor that adopts an app after a crash takes back the listening sockets the app holds.
     * Needs ptrace-attach rights over the target (same user and Yama's {@code ptrace_scope} 0, or
     * CAP_SYS_PTRACE): EPERM otherwise; EBADF when the target has no such fd.
     */
    public static Fd getfd(CallState cs, Fd pidfd, int targetFd) {
        int fd;
        try {
            fd = (int) GetFd.HANDLE.invokeExact(cs.segment(), pidfd.value(), targetFd, 0);
        } catch (Throwable t) {
            throw new AssertionError("pidfd_getfd", t);
        }
        if (fd < 0) {
            throw cs.failure("pidfd_getfd", "pidfd=" + pidfd.value() + ", fd=" + targetFd);
        }
        return Fd.of(fd);
    }

    private static final class GetFd {
        static final MethodHandle HANDLE = Downcalls.linkErrno("pidfd_getfd",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class Open {
        static final MethodHandle HANDLE = Downcalls.linkErrno("pidfd_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class SendSignal {
        static final MethodHandle HANDLE = Downcalls.linkErrno("pidfd_send_signal",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
}
