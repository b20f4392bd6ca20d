// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * posix_spawn(3) with its file actions and attributes. Every function here <em>returns</em> an
 * error number and leaves errno alone (reading errno after them gives a stale value), so none is
 * linked with errno capture. glibc >= 2.24 reports exec failures of the child synchronously as
 * the return value of {@link #spawn}. Callers normally use {@link ProcessLauncher}, which
 * applies these in the order the child needs.
 */
public final class Spawn {
    public static final int POSIX_SPAWN_RESETIDS = 0x01;
    public static final int POSIX_SPAWN_SETPGROUP = 0x02;
    public static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    public static final int POSIX_SPAWN_SETSID = 0x80;

    /** {@code sizeof(posix_spawn_file_actions_t)} in glibc, opaque. */
    public static final long FILE_ACTIONS_SIZE = 80;
    /** {@code sizeof(posix_spawnattr_t)} in glibc, opaque. */
    public static final long ATTR_SIZE = 336;

    private Spawn() {
    }

    /** A file-actions object, initialised; pair with {@link #destroyFileActions}. */
    public static MemorySegment newFileActions(Arena arena) {
        return initialised(arena, FILE_ACTIONS_SIZE, H.FA_INIT, "posix_spawn_file_actions_init");
    }

    public static void destroyFileActions(MemorySegment fa) {
        check(call(H.FA_DESTROY, fa), "posix_spawn_file_actions_destroy", "");
    }

    /** Child: {@code dup2(fd, newfd)}. Actions run in the order they were added. */
    public static void addDup2(MemorySegment fa, int fd, int newFd) {
        int rc;
        try {
            rc = (int) H.FA_ADDDUP2.invokeExact(fa, fd, newFd);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn_file_actions_adddup2", t);
        }
        check(rc, "posix_spawn_file_actions_adddup2", fd + "->" + newFd);
    }

    /** Child: {@code open(path, flags, mode)} onto {@code fd}. glibc copies the path. */
    public static void addOpen(Arena arena, MemorySegment fa, int fd, String path, int flags, int mode) {
        int rc;
        try {
            rc = (int) H.FA_ADDOPEN.invokeExact(fa, fd, arena.allocateFrom(path), flags, mode);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn_file_actions_addopen", t);
        }
        check(rc, "posix_spawn_file_actions_addopen", path);
    }

    /** Child: {@code chdir(path)} (glibc >= 2.29). */
    public static void addChdir(Arena arena, MemorySegment fa, String path) {
        int rc;
        try {
            rc = (int) H.FA_ADDCHDIR.invokeExact(fa, arena.allocateFrom(path));
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn_file_actions_addchdir_np", t);
        }
        check(rc, "posix_spawn_file_actions_addchdir_np", path);
    }

    /**
     * Child: close every fd {@code >= from} (glibc >= 2.34, close_range). Add it last, with
     * {@code from} above every fd the earlier actions target. Almost no fd the JDK opens is
     * close-on-exec, so without this every child inherits a dozen of them.
     */
    public static void addCloseFrom(MemorySegment fa, int from) {
        int rc;
        try {
            rc = (int) H.FA_ADDCLOSEFROM.invokeExact(fa, from);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn_file_actions_addclosefrom_np", t);
        }
        check(rc, "posix_spawn_file_actions_addclosefrom_np", "from=" + from);
    }

    /** An attributes object, initialised; pair with {@link #destroyAttr}. */
    public static MemorySegment newAttr(Arena arena) {
        return initialised(arena, ATTR_SIZE, H.ATTR_INIT, "posix_spawnattr_init");
    }

    /** An opaque glibc object of {@code size} bytes in {@code arena}, set up by its {@code init} function. */
    private static MemorySegment initialised(Arena arena, long size, MethodHandle init, String name) {
        MemorySegment object = arena.allocate(size, 8);
        check(call(init, object), name, "");
        return object;
    }

    public static void destroyAttr(MemorySegment attr) {
        check(call(H.ATTR_DESTROY, attr), "posix_spawnattr_destroy", "");
    }

    /** {@code posix_spawnattr_setflags(attr, short flags)}: the flags argument is a C short. */
    public static void setFlags(MemorySegment attr, int flags) {
        int rc;
        try {
            rc = (int) H.ATTR_SETFLAGS.invokeExact(attr, (short) flags);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawnattr_setflags", t);
        }
        check(rc, "posix_spawnattr_setflags", "flags=" + flags);
    }

    /** The signal mask of the child (with POSIX_SPAWN_SETSIGMASK). */
    public static void setSigMask(MemorySegment attr, MemorySegment sigset) {
        check(call2(H.ATTR_SETSIGMASK, attr, sigset), "posix_spawnattr_setsigmask", "");
    }

    /** Signals reset to SIG_DFL in the child (with POSIX_SPAWN_SETSIGDEF). */
    public static void setSigDefault(MemorySegment attr, MemorySegment sigset) {
        check(call2(H.ATTR_SETSIGDEFAULT, attr, sigset), "posix_spawnattr_setsigdefault", "");
    }

    /**
     * {@code int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
     * const posix_spawnattr_t *attr, char *const argv[], char *const envp[])}. Returns the pid.
     * Blocks the caller until the child has exec'd (vfork semantics; 0.6-12 ms here), so call it
     * from a platform thread. {@code path} must be absolute: posix_spawnp would search the JVM's
     * PATH, not the one in envp.
     */
    public static int spawn(Arena arena, String path, MemorySegment fa, MemorySegment attr,
                            MemorySegment argv, MemorySegment envp) {
        MemorySegment pid = arena.allocate(JAVA_INT);
        int rc;
        try {
            rc = (int) H.SPAWN.invokeExact(pid, arena.allocateFrom(path), fa, attr, argv, envp);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn", t);
        }
        check(rc, "posix_spawn", path);
        return pid.get(JAVA_INT, 0);
    }

    /** A NULL-terminated {@code char *[]} of C strings, as argv and envp need. */
    public static MemorySegment stringArray(Arena arena, Iterable<String> values, int count) {
        MemorySegment array = arena.allocate(ADDRESS, count + 1L);
        int i = 0;
        for (String value : values) {
            array.setAtIndex(ADDRESS, i++, arena.allocateFrom(value));
        }
        array.setAtIndex(ADDRESS, i, MemorySegment.NULL);
        return array;
    }

    private static int call(MethodHandle handle, MemorySegment arg) {
        try {
            return (int) handle.invokeExact(arg);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn helper", t);
        }
    }

    private static int call2(MethodHandle handle, MemorySegment a, MemorySegment b) {
        try {
            return (int) handle.invokeExact(a, b);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn helper", t);
        }
    }

    private static void check(int rc, String function, String detail) {
        if (rc != 0) {
            throw ErrnoException.of(rc, function, detail);
        }
    }

    /** All spawn handles, linked together: a spawn needs every one of them anyway. */
    private static final class H {
        static final MethodHandle SPAWN = Downcalls.link("posix_spawn",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle FA_INIT = Downcalls.link("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle FA_DESTROY = Downcalls.link("posix_spawn_file_actions_destroy",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle FA_ADDDUP2 = Downcalls.link("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle FA_ADDOPEN = Downcalls.link("posix_spawn_file_actions_addopen",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle FA_ADDCHDIR = Downcalls.link("posix_spawn_file_actions_addchdir_np",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle FA_ADDCLOSEFROM = Downcalls.link("posix_spawn_file_actions_addclosefrom_np",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle ATTR_INIT = Downcalls.link("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle ATTR_DESTROY = Downcalls.link("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle ATTR_SETFLAGS = Downcalls.link("posix_spawnattr_setflags",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
        static final MethodHandle ATTR_SETSIGMASK = Downcalls.link("posix_spawnattr_setsigmask",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle ATTR_SETSIGDEFAULT = Downcalls.link("posix_spawnattr_setsigdefault",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }
}
