// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.util.Locale;

/**
 * A system call failed with an errno value. The message follows the JDK's
 * {@code "syscall: error=N, strerror"} form, with the errno name added so logs are greppable:
 * {@code "epoll_ctl(fd=7): error=9 EBADF, Bad file descriptor"}.
 */
public final class ErrnoException extends SysException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;
    private final int number;
    private final String syscall;
    private final String detail;

    private ErrnoException(int number, String syscall, String detail) {
        super(format(number, syscall, detail));
        this.errno = Errno.of(number);
        this.number = number;
        this.syscall = syscall;
        this.detail = detail;
    }

    /** An exception for {@code syscall} failing with the raw errno {@code number}. */
    public static ErrnoException of(int number, String syscall, String detail) {
        return new ErrnoException(number, syscall, detail);
    }

    public static ErrnoException of(int number, String syscall) {
        return new ErrnoException(number, syscall, "");
    }

    /** The symbolic errno, {@link Errno#UNKNOWN} when the number has no name here. */
    public Errno errno() {
        return errno;
    }

    /** The raw errno number as the kernel reported it. */
    public int number() {
        return number;
    }

    public String syscall() {
        return syscall;
    }

    public String detail() {
        return detail;
    }

    public boolean is(Errno candidate) {
        return errno == candidate;
    }

    private static String format(int number, String syscall, String detail) {
        String call = detail.isEmpty() ? syscall : syscall + "(" + detail + ")";
        return String.format(Locale.ROOT, "%s: error=%d %s, %s", call, number, Errno.of(number).name(),
                Errno.describe(number));
    }
}
