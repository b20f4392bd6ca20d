// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** prctl(2), for the child-subreaper flag. */
public final class Prctl {
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int PR_GET_CHILD_SUBREAPER = 37;

    private Prctl() {
    }

    /**
     * Marks this process a child subreaper (Linux 3.4+): orphaned descendants are re-parented to
     * it instead of to init, so a double-forked grandchild of a managed app comes back here to be
     * reaped. The caller then owns reaping every such orphan.
     */
    public static void setChildSubreaper(CallState cs, boolean on) {
        int rc;
        try {
            rc = (int) SetLong.HANDLE.invokeExact(cs.segment(), PR_SET_CHILD_SUBREAPER, on ? 1L : 0L);
        } catch (Throwable t) {
            throw new AssertionError("prctl", t);
        }
        if (rc != 0) {
            throw cs.failure("prctl", "PR_SET_CHILD_SUBREAPER");
        }
    }

    /** Whether this process is currently a child subreaper. */
    public static boolean isChildSubreaper(CallState cs) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment flag = arena.allocate(JAVA_INT);
            int rc;
            try {
                rc = (int) GetAddress.HANDLE.invokeExact(cs.segment(), PR_GET_CHILD_SUBREAPER, flag);
            } catch (Throwable t) {
                throw new AssertionError("prctl", t);
            }
            if (rc != 0) {
                throw cs.failure("prctl", "PR_GET_CHILD_SUBREAPER");
            }
            return flag.get(JAVA_INT, 0) != 0;
        }
    }

    /** {@code int prctl(int option, ...)}, variadic after the option; linked once per argument shape. */
    private static final class SetLong {
        static final MethodHandle HANDLE = Downcalls.linkErrno("prctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    }

    private static final class GetAddress {
        static final MethodHandle HANDLE = Downcalls.linkErrno("prctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(1));
    }
}
