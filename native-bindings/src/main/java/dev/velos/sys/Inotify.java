// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** inotify(7): init1, add_watch, rm_watch and parsing of {@code struct inotify_event} records. */
public final class Inotify {
    public static final int IN_NONBLOCK = 0x800;
    public static final int IN_CLOEXEC = 0x80000;
    public static final int IN_ACCESS = 0x001;
    public static final int IN_MODIFY = 0x002;
    public static final int IN_ATTRIB = 0x004;
    public static final int IN_CLOSE_WRITE = 0x008;
    public static final int IN_MOVED_FROM = 0x040;
    public static final int IN_MOVED_TO = 0x080;
    public static final int IN_CREATE = 0x100;
    public static final int IN_DELETE = 0x200;
    public static final int IN_DELETE_SELF = 0x400;
    public static final int IN_MOVE_SELF = 0x800;
    public static final int IN_Q_OVERFLOW = 0x4000;
    public static final int IN_IGNORED = 0x8000;
    public static final int IN_ONLYDIR = 0x01000000;
    public static final int IN_ISDIR = 0x40000000;

    /**
     * A read buffer must hold at least {@code 16 + NAME_MAX + 1} bytes or read fails with EINVAL;
     * 64 KiB drains a burst of events in one call.
     */
    public static final int READ_BUFFER_SIZE = 64 * 1024;

    /**
     * <pre>
     * struct inotify_event {
     *   int      wd;       @0   -1 with IN_Q_OVERFLOW
     *   uint32_t mask;     @4
     *   uint32_t cookie;   @8   pairs MOVED_FROM with MOVED_TO
     *   uint32_t len;      @12  bytes of name[], NUL padded
     *   char     name[];   @16
     * };
     * </pre>
     */
    public static final StructLayout EVENT = MemoryLayout.structLayout(JAVA_INT.withName("wd"),
            JAVA_INT.withName("mask"), JAVA_INT.withName("cookie"), JAVA_INT.withName("len")).withName("inotify_event");

    private Inotify() {
    }

    /** One parsed record; {@code name} is empty for events on the watched path itself. */
    public record Event(int wd, int mask, int cookie, String name) {
        public boolean has(int flag) {
            return (mask & flag) != 0;
        }
    }

    /** {@code int inotify_init1(int flags)}; man7.org/linux/man-pages/man2/inotify_init1.2.html. */
    public static Fd init(CallState cs) {
        int fd;
        try {
            fd = (int) Init1.HANDLE.invokeExact(cs.segment(), IN_CLOEXEC | IN_NONBLOCK);
        } catch (Throwable t) {
            throw new AssertionError("inotify_init1", t);
        }
        if (fd < 0) {
            throw cs.failure("inotify_init1", "");
        }
        return Fd.of(fd);
    }

    /** {@code int inotify_add_watch(int fd, const char *path, uint32_t mask)}; returns the watch descriptor. */
    public static int addWatch(CallState cs, Fd fd, String path, int mask) {
        try (Arena arena = Arena.ofConfined()) {
            int wd;
            try {
                wd = (int) AddWatch.HANDLE.invokeExact(cs.segment(), fd.value(), arena.allocateFrom(path), mask);
            } catch (Throwable t) {
                throw new AssertionError("inotify_add_watch", t);
            }
            if (wd < 0) {
                throw cs.failure("inotify_add_watch", path);
            }
            return wd;
        }
    }

    /** {@code int inotify_rm_watch(int fd, int wd)}; EINVAL (watch already gone) is not an error. */
    public static void rmWatch(CallState cs, Fd fd, int wd) {
        int rc;
        try {
            rc = (int) RmWatch.HANDLE.invokeExact(cs.segment(), fd.value(), wd);
        } catch (Throwable t) {
            throw new AssertionError("inotify_rm_watch", t);
        }
        if (rc != 0 && cs.errno() != Errno.EINVAL.number()) {
            throw cs.failure("inotify_rm_watch", "wd=" + wd);
        }
    }

    /**
     * Parses the {@code length} bytes a read returned. Each record is 16 bytes plus {@code len}
     * bytes of NUL-padded name; the name is read bounded by {@code len}, never past it.
     */
    public static List<Event> parse(MemorySegment buffer, long length) {
        List<Event> events = new ArrayList<>();
        long off = 0;
        while (off + EVENT.byteSize() <= length) {
            int wd = buffer.get(JAVA_INT, off);
            int mask = buffer.get(JAVA_INT, off + 4);
            int cookie = buffer.get(JAVA_INT, off + 8);
            int len = buffer.get(JAVA_INT, off + 12);
            String name = len == 0 ? "" : buffer.asSlice(off + EVENT.byteSize(), len).getString(0);
            events.add(new Event(wd, mask, cookie, name));
            off += EVENT.byteSize() + len;
        }
        return events;
    }

    private static final class Init1 {
        static final MethodHandle HANDLE = Downcalls.linkErrno("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static final class AddWatch {
        static final MethodHandle HANDLE = Downcalls.linkErrno("inotify_add_watch",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class RmWatch {
        static final MethodHandle HANDLE = Downcalls.linkErrno("inotify_rm_watch",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
}
