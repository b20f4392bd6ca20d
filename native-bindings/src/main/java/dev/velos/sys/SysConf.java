// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** sysconf(3) for the two values /proc parsing needs; both are read once and cached. */
public final class SysConf {
    public static final int _SC_CLK_TCK = 2;
    public static final int _SC_PAGESIZE = 30;
    public static final int _SC_NPROCESSORS_ONLN = 84;

    private SysConf() {
    }

    /** Clock ticks per second, the unit of utime/stime in {@code /proc/<pid>/stat} (usually 100). */
    public static long clockTicksPerSecond() {
        return Cached.CLK_TCK;
    }

    /** The page size, the unit of {@code /proc/<pid>/statm} (4096 on x86_64, up to 64 KiB on aarch64). */
    public static long pageSize() {
        return Cached.PAGE_SIZE;
    }

    /** {@code long sysconf(int name)}; man7.org/linux/man-pages/man3/sysconf.3.html. */
    public static long sysconf(CallState cs, int name) {
        long value;
        try {
            value = (long) Handle.HANDLE.invokeExact(cs.segment(), name);
        } catch (Throwable t) {
            throw new AssertionError("sysconf", t);
        }
        if (value == -1) {
            throw cs.failure("sysconf", "name=" + name);
        }
        return value;
    }

    private static final class Handle {
        static final MethodHandle HANDLE = Downcalls.linkErrno("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    }

    private static final class Cached {
        static final long CLK_TCK;
        static final long PAGE_SIZE;

        static {
            try (Arena arena = Arena.ofConfined()) {
                CallState cs = CallState.allocate(arena);
                CLK_TCK = sysconf(cs, _SC_CLK_TCK);
                PAGE_SIZE = sysconf(cs, _SC_PAGESIZE);
            }
        }
    }
}
