// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.velos.sys.CallState;
import dev.velos.sys.Errno;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Fd;
import dev.velos.sys.Inotify;

import static dev.velos.sys.Inotify.*;

/**
 * The watch descriptors of one {@link FileWatcher}: which directory each wd stands for, by the
 * path it was reached through and by its real path. inotify identifies a watch by inode, so
 * {@code inotify_add_watch} on a directory that is already watched (through a symlink, or
 * again after an overflow) returns the existing wd; that is how a second path to one directory
 * is told from a new directory, and why the watch count can be capped before adding.
 */
final class WatchSet {
    private static final System.Logger LOG = System.getLogger(FileWatcher.class.getName());
    /** IN_ONLYDIR: if a directory was replaced by a file meanwhile, fail with ENOTDIR instead of watching the file. */
    private static final int DIR_MASK = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
            | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

    /** One watched directory: as reached from {@code root}, its real path, and whether its subtree is watched. */
    record Watch(Path dir, Path real, Path root, boolean recursive) {
    }

    /** The wd {@link #add} got, and whether the directory was not (recursively) watched before. */
    record Added(int wd, Watch watch, boolean fresh) {
    }

    private final CallState cs;
    private final Fd fd;
    private final int max;
    private final Map<Integer, Watch> byWd = new HashMap<>();
    private final Map<Path, Integer> byReal = new HashMap<>();
    private boolean limitWarned;

    WatchSet(CallState cs, Fd fd, int max) {
        this.cs = cs;
        this.fd = fd;
        this.max = max;
    }

    int size() {
        return byWd.size();
    }

    Optional<Watch> get(int wd) {
        return Optional.ofNullable(byWd.get(wd));
    }

    /**
     * Watches {@code dir} (already known to be neither ignored nor under the log dir). Empty when
     * the directory is gone, unreadable, not a directory any more or over the cap: a path can
     * vanish between any event and this call, so ENOENT, ENOTDIR and EACCES are normal.
     */
    Optional<Added> add(Path dir, Path real, Path root, boolean recursive) {
        Integer atPath = byReal.get(real);
        if (atPath == null && byWd.size() >= max) {
            warnLimit(dir, "velos limit of " + max + " watched directories");
            return Optional.empty();
        }
        int wd;
        try {
            wd = Inotify.addWatch(cs, fd, dir.toString(), DIR_MASK);
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOSPC)) {
                warnLimit(dir, "kernel limit fs.inotify.max_user_watches");
            } else if (!e.is(Errno.ENOENT) && !e.is(Errno.ENOTDIR) && !e.is(Errno.EACCES)) {
                LOG.log(Level.WARNING, "watch: cannot watch {0}: {1}", dir, e.getMessage());
            }
            return Optional.empty();
        }
        if (atPath != null && atPath != wd) {
            // Another directory now sits at this path; its predecessor's events were lost (overflow).
            forget(atPath);
        }
        Watch known = byWd.get(wd);
        if (known == null || !known.real().equals(real) && !Files.isDirectory(known.dir())) {
            // New, or the same inode moved here while its MOVED events were lost.
            forget(wd, false);
            return Optional.of(put(wd, new Watch(dir, real, root, recursive), true));
        }
        if (recursive && !known.recursive()) {
            return Optional.of(put(wd, new Watch(known.dir(), real, root, true), true));
        }
        return Optional.of(new Added(wd, known, false));
    }

    private Added put(int wd, Watch watch, boolean fresh) {
        byWd.put(wd, watch);
        byReal.put(watch.real(), wd);
        return new Added(wd, watch, fresh);
    }

    private void warnLimit(Path dir, String limit) {
        if (!limitWarned) {
            limitWarned = true;
            LOG.log(Level.WARNING, "watch: reached the {0} at {1}; directories beyond it are not watched. "
                    + "Exclude generated trees with --watch-ignore.", limit, dir);
        }
    }

    /** Drops the watches of directories that no longer exist at their path (after an overflow). */
    void forgetVanished() {
        for (Map.Entry<Integer, Watch> e : List.copyOf(byWd.entrySet())) {
            if (!Files.isDirectory(e.getValue().dir())) {
                forget(e.getKey());
            }
        }
    }

    /** {@code dir} left the tree (moved away): its own and its descendants' watches are stale. */
    void forgetTree(Path dir) {
        for (Map.Entry<Integer, Watch> e : List.copyOf(byWd.entrySet())) {
            if (e.getValue().dir().startsWith(dir)) {
                forget(e.getKey());
            }
        }
    }

    private void forget(int wd) {
        forget(wd, true);
    }

    private void forget(int wd, boolean removeWatch) {
        Watch watch = byWd.remove(wd);
        if (watch != null) {
            byReal.remove(watch.real(), wd);
        }
        if (removeWatch) {
            Inotify.rmWatch(cs, fd, wd);
        }
    }

    /**
     * The kernel removed watch {@code wd} (IN_IGNORED: its directory was deleted or unmounted).
     * wds are allocated cyclically, so a late IN_IGNORED for a wd dropped earlier cannot hit a
     * newer watch.
     */
    void removed(int wd) {
        forget(wd, false);
    }

    /**
     * The real path of {@code path}, or, when it does not exist (yet, or any more), the real path
     * of its nearest existing ancestor joined with the rest; never throws.
     */
    static Path realish(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        for (Path existing = abs; existing != null; existing = existing.getParent()) {
            try {
                return existing.toRealPath().resolve(existing.relativize(abs));
            } catch (IOException | SecurityException e) {
                // Not there (yet, or any more): try its parent.
            }
        }
        return abs;
    }
}
