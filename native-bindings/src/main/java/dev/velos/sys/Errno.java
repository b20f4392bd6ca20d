// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Linux errno values (x86_64 and aarch64 share the generic table). Only the numbers a caller
 * may branch on or that show up in messages are named; anything else maps to {@link #UNKNOWN}
 * while {@link ErrnoException#number()} keeps the raw value. Every number is checked against
 * {@code <errno.h>} by {@code NativeLayoutTest}.
 */
public enum Errno {
    UNKNOWN(-1),
    EPERM(1), ENOENT(2), ESRCH(3), EINTR(4), EIO(5), ENXIO(6), E2BIG(7), ENOEXEC(8), EBADF(9),
    ECHILD(10), EAGAIN(11), ENOMEM(12), EACCES(13), EFAULT(14), EBUSY(16), EEXIST(17), EXDEV(18),
    ENODEV(19), ENOTDIR(20), EISDIR(21), EINVAL(22), ENFILE(23), EMFILE(24), ENOTTY(25), ETXTBSY(26),
    EFBIG(27), ENOSPC(28), ESPIPE(29), EROFS(30), EMLINK(31), EPIPE(32), ERANGE(34), EDEADLK(35),
    ENAMETOOLONG(36), ENOSYS(38), ENOTEMPTY(39), ELOOP(40), ENOTSOCK(88), EOPNOTSUPP(95),
    EAFNOSUPPORT(97), EADDRINUSE(98), EADDRNOTAVAIL(99), ECONNRESET(104), ETIMEDOUT(110), ECONNREFUSED(111), ECANCELED(125);

    private static final Map<Integer, Errno> BY_NUMBER = new HashMap<>();

    static {
        for (Errno e : values()) {
            BY_NUMBER.put(e.number, e);
        }
    }

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static Errno of(int number) {
        return BY_NUMBER.getOrDefault(number, UNKNOWN);
    }

    /** The C library's text for {@code number} ({@code strerror}), e.g. "No such file or directory". */
    public static String describe(int number) {
        try {
            MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(number);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw new AssertionError("strerror failed", t);
        }
    }

    /** {@code char *strerror(int errnum)}; man7.org/linux/man-pages/man3/strerror.3.html. Sets no errno. */
    private static final class Strerror {
        static final MethodHandle HANDLE = Downcalls.link("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }
}
