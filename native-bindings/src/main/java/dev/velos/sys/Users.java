// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * User and group lookups through the C library ({@code getpwnam_r}, {@code getpwuid_r},
 * {@code getgrnam_r}), so every NSS source the system is configured with (files, LDAP, sssd)
 * answers, as it would for {@code id} or {@code setpriv}; and the caller's effective uid. The
 * {@code _r} variants return the error number themselves (0 with a NULL result = no such entry)
 * and write into a caller-owned buffer, so nothing is shared between threads.
 */
public final class Users {
    /** ERANGE: the string buffer was too small; the lookup is retried with a larger one. */
    private static final int ERANGE = 34;
    private static final long FIRST_BUFFER = 1024;
    private static final long MAX_BUFFER = 1 << 20;

    /**
     * {@code struct passwd} (glibc, LP64):
     * <pre>
     *   char *pw_name;   @0
     *   char *pw_passwd; @8
     *   uid_t pw_uid;    @16
     *   gid_t pw_gid;    @20
     *   char *pw_gecos;  @24
     *   char *pw_dir;    @32
     *   char *pw_shell;  @40
     * </pre>
     */
    public static final StructLayout PASSWD = MemoryLayout.structLayout(
            ADDRESS.withName("pw_name"), ADDRESS.withName("pw_passwd"), JAVA_INT.withName("pw_uid"),
            JAVA_INT.withName("pw_gid"), ADDRESS.withName("pw_gecos"), ADDRESS.withName("pw_dir"),
            ADDRESS.withName("pw_shell")).withName("passwd");

    /** {@code struct group}: {@code char *gr_name @0; char *gr_passwd @8; gid_t gr_gid @16; char **gr_mem @24}. */
    public static final StructLayout GROUP = MemoryLayout.structLayout(
            ADDRESS.withName("gr_name"), ADDRESS.withName("gr_passwd"), JAVA_INT.withName("gr_gid"),
            MemoryLayout.paddingLayout(4), ADDRESS.withName("gr_mem")).withName("group");

    private static final long PW_NAME = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_name"));
    private static final long PW_UID = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_uid"));
    private static final long PW_GID = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_gid"));
    private static final long PW_DIR = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_dir"));
    private static final long PW_SHELL = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_shell"));
    private static final long GR_GID = GROUP.byteOffset(MemoryLayout.PathElement.groupElement("gr_gid"));
    private static final AddressLayout C_STRING = ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE,
            java.lang.foreign.ValueLayout.JAVA_BYTE));

    private Users() {
    }

    /** One passwd entry. */
    public record User(String name, int uid, int gid, String home, String shell) {
    }

    /** {@code uid_t geteuid(void)}; man7.org/linux/man-pages/man2/geteuid.2.html; never fails. */
    public static int effectiveUid() {
        try {
            return (int) GetEuid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("geteuid", t);
        }
    }

    /**
     * {@code int getpwnam_r(const char *name, struct passwd *pwd, char *buf, size_t buflen, struct passwd **result)};
     * man7.org/linux/man-pages/man3/getpwnam_r.3.html. Empty when there is no such user.
     */
    public static Optional<User> byName(String name) {
        return lookupUser((arena, pwd, buf, size, result) -> {
            try {
                return (int) GetPwNam.HANDLE.invokeExact(arena.allocateFrom(name), pwd, buf, size, result);
            } catch (Throwable t) {
                throw new AssertionError("getpwnam_r", t);
            }
        }, "getpwnam_r", name);
    }

    /** {@code getpwuid_r}, same contract as {@link #byName}. */
    public static Optional<User> byUid(int uid) {
        return lookupUser((arena, pwd, buf, size, result) -> {
            try {
                return (int) GetPwUid.HANDLE.invokeExact(uid, pwd, buf, size, result);
            } catch (Throwable t) {
                throw new AssertionError("getpwuid_r", t);
            }
        }, "getpwuid_r", Integer.toString(uid));
    }

    /** {@code int getgrnam_r(const char *name, struct group *grp, char *buf, size_t buflen, struct group **result)}; the gid. */
    public static Optional<Integer> groupId(String name) {
        return lookup(GROUP, (arena, grp, buf, size, result) -> {
            try {
                return (int) GetGrNam.HANDLE.invokeExact(arena.allocateFrom(name), grp, buf, size, result);
            } catch (Throwable t) {
                throw new AssertionError("getgrnam_r", t);
            }
        }, grp -> grp.get(JAVA_INT, GR_GID), "getgrnam_r", name);
    }

    /** One {@code get*_r} call: fills {@code entry} using {@code buf} of {@code size} bytes; returns the error number. */
    @FunctionalInterface
    private interface ReentrantCall {
        int call(Arena arena, MemorySegment entry, MemorySegment buf, long size, MemorySegment result);
    }

    private static Optional<User> lookupUser(ReentrantCall call, String what, String key) {
        return lookup(PASSWD, call, pwd -> new User(string(pwd, PW_NAME), pwd.get(JAVA_INT, PW_UID), pwd.get(JAVA_INT, PW_GID),
                string(pwd, PW_DIR), string(pwd, PW_SHELL)), what, key);
    }

    /**
     * Runs a {@code get*_r} lookup, growing the string buffer while it answers ERANGE (a group
     * with many members needs more than the first kilobyte); empty when there is no such entry.
     */
    private static <T> Optional<T> lookup(StructLayout layout, ReentrantCall call,
                                          java.util.function.Function<MemorySegment, T> read, String what, String key) {
        long size = FIRST_BUFFER;
        while (true) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment entry = arena.allocate(layout);
                MemorySegment buf = arena.allocate(size);
                MemorySegment result = arena.allocate(ADDRESS);
                int rc = call.call(arena, entry, buf, size, result);
                if (rc == ERANGE && size < MAX_BUFFER) {
                    size *= 4;
                    continue;
                }
                if (rc != 0) {
                    throw ErrnoException.of(rc, what, key);
                }
                return result.get(ADDRESS, 0).equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(read.apply(entry));
            }
        }
    }

    private static String string(MemorySegment struct, long offset) {
        MemorySegment p = struct.get(C_STRING, offset);
        return p.equals(MemorySegment.NULL) ? "" : p.getString(0);
    }

    private static final class GetEuid {
        static final MethodHandle HANDLE = Downcalls.link("geteuid", FunctionDescriptor.of(JAVA_INT));
    }

    private static final class GetPwNam {
        static final MethodHandle HANDLE = Downcalls.link("getpwnam_r",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }

    private static final class GetPwUid {
        static final MethodHandle HANDLE = Downcalls.link("getpwuid_r",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }

    private static final class GetGrNam {
        static final MethodHandle HANDLE = Downcalls.link("getgrnam_r",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }
}
