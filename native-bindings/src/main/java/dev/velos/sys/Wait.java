// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code waitid} and the part of {@code siginfo_t} it fills. */
public final class Wait {
    public static final int P_ALL = 0;
    public static final int P_PID = 1;
    public static final int P_PGID = 2;
    public static final int P_PIDFD = 3;
    public static final int WNOHANG = 1;
    public static final int WEXITED = 4;
    public static final int WNOWAIT = 0x01000000;
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;

    /**
     * {@code siginfo_t} on Linux x86_64 and aarch64, 128 bytes; only the SIGCHLD fields are named:
     * <pre>
     *   int si_signo;   @0
     *   int si_errno;   @4
     *   int si_code;    @8     CLD_EXITED, CLD_KILLED, CLD_DUMPED...
     *   (padding)       @12
     *   pid_t si_pid;   @16    0 when WNOHANG found nothing
     *   uid_t si_uid;   @20
     *   int si_status;  @24    exit code, or the signal number
     * </pre>
     */
    public static final StructLayout SIGINFO = MemoryLayout.structLayout(
            JAVA_INT.withName("si_signo"), JAVA_INT.withName("si_errno"), JAVA_INT.withName("si_code"),
            MemoryLayout.paddingLayout(4), JAVA_INT.withName("si_pid"), JAVA_INT.withName("si_uid"),
            JAVA_INT.withName("si_status"), MemoryLayout.paddingLayout(100)).withName("siginfo_t");

    private static final long SI_CODE = SIGINFO.byteOffset(MemoryLayout.PathElement.groupElement("si_code"));
    private static final long SI_PID = SIGINFO.byteOffset(MemoryLayout.PathElement.groupElement("si_pid"));
    private static final long SI_STATUS = SIGINFO.byteOffset(MemoryLayout.PathElement.groupElement("si_status"));

    private Wait() {
    }

    /** What waitid reported: {@code code} is CLD_EXITED (status = exit code) or CLD_KILLED/DUMPED (status = signal). */
    public record Result(int pid, int code, int status) {
        public boolean exited() {
            return code == CLD_EXITED;
        }

        public boolean killed() {
            return code == CLD_KILLED || code == CLD_DUMPED;
        }
    }

    /**
     * {@code int waitid(idtype_t idtype, id_t id, siginfo_t *infop, int options)};
     * man7.org/linux/man-pages/man2/waitid.2.html. With WNOHANG and nothing to report returns
     * empty (the siginfo is zeroed first, so {@code si_pid == 0} means nothing). ECHILD returns
     * empty too: there is no such child (any more). EINTR is retried.
     */
    public static Optional<Result> waitid(CallState cs, int idType, int id, int options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(SIGINFO);
            while (true) {
                int rc;
                try {
                    rc = (int) WaitId.HANDLE.invokeExact(cs.segment(), idType, id, info, options);
                } catch (Throwable t) {
                    throw new AssertionError("waitid", t);
                }
                if (rc == 0) {
                    int pid = info.get(JAVA_INT, SI_PID);
                    return pid == 0 ? Optional.empty()
                            : Optional.of(new Result(pid, info.get(JAVA_INT, SI_CODE), info.get(JAVA_INT, SI_STATUS)));
                }
                int errno = cs.errno();
                if (errno == Errno.ECHILD.number()) {
                    return Optional.empty();
                }
                if (errno != Errno.EINTR.number()) {
                    throw ErrnoException.of(errno, "waitid", "idtype=" + idType + ", id=" + id);
                }
            }
        }
    }

    private static final class WaitId {
        static final MethodHandle HANDLE = Downcalls.linkErrno("waitid",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
}
