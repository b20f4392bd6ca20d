// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.velos.sys.CallState;
import dev.velos.sys.Errno;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;
import dev.velos.sys.Inotify;
import dev.velos.sys.Inotify.Event;

import static dev.velos.sys.Inotify.*;

/**
 * Recursive inotify watch of an app's {@code --watch} paths, for restart-on-change. The owner
 * registers {@link #fd()} with its epoll loop, calls {@link #drain()} when it is readable and
 * debounces the non-empty results with its own timer; this class only turns kernel events into
 * "these paths changed". Construct it on any thread, then use it from one thread at a time.
 *
 * <p>Design notes, each from a measured or documented kernel behaviour (NATIVE-NOTES §3):
 * <ul>
 *   <li>inotify is not recursive, so every directory gets its own watch. A directory created or
 *       moved in later is added when its event arrives, and is then scanned, because files
 *       created in it before the watch existed produced no event ({@code mkdir -p a/b; touch
 *       a/b/f} is one fast burst). Ignored directories are never walked nor watched, so a huge
 *       {@code node_modules} costs nothing.</li>
 *   <li>A file root is watched through its parent directory, filtered to its name: editors save
 *       atomically (write a temp file, rename it over the target), which shows only
 *       {@code MOVED_TO target} in the directory, while a watch on the file itself would stay on
 *       the old, unlinked inode and never fire again.</li>
 *   <li>Both MODIFY and CLOSE_WRITE are reported: CLOSE_WRITE marks a finished save, MODIFY
 *       covers writers that keep the file open. The caller's debounce merges the burst.</li>
 *   <li>The read buffer is 64 KiB: a read with less than {@code 16 + NAME_MAX + 1} bytes fails
 *       with EINVAL, and a large buffer drains a burst in few calls. Names are bounded by the
 *       record's {@code len} ({@link Inotify#parse}).</li>
 *   <li>{@code IN_Q_OVERFLOW} (wd -1) means events were dropped, possibly including the creation
 *       of directories and their {@code IN_IGNORED}: the watcher reports its roots as changed
 *       and resynchronises its watches with the tree.</li>
 *   <li>{@code IN_IGNORED} (watch removed because its directory was deleted or unmounted) drops
 *       the wd mapping; a directory moved away drops its subtree's watches at once, since their
 *       paths are stale. wds are allocated cyclically by the kernel, so a late IN_IGNORED for a
 *       dropped wd cannot hit a new watch.</li>
 *   <li>Symbolic links to directories are followed, but each real directory is watched once
 *       (visited real paths), so a link cycle cannot loop and a link to a huge tree is bounded
 *       by the watch cap. Watches are capped ({@link #DEFAULT_MAX_WATCHES}) below the kernel's
 *       {@code fs.inotify.max_user_watches}, which is shared by every process of the user.</li>
 *   <li>A path can vanish between any event and our reaction: ENOENT, ENOTDIR (IN_ONLYDIR) and
 *       EACCES from {@code inotify_add_watch} are normal and only skip that directory.</li>
 * </ul>
 */
final class FileWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FileWatcher.class.getName());
    static final int DEFAULT_MAX_WATCHES = 8192;
    private static final int DIR_MASK = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
            | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    private static final int CHANGE = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE;

    /** One watched directory: as reached from {@code root}, its real path, and whether its subtree is watched. */
    private record Watch(Path dir, Path real, Path root, boolean recursive) {
    }

    private final Arena arena = Arena.ofShared();
    private final CallState cs = CallState.open();
    private final Fd fd;
    private final MemorySegment buffer;
    private final WatchIgnore ignore;
    private final Optional<Path> logDir;
    private final int maxWatches;
    private final List<Path> dirRoots = new ArrayList<>();
    private final List<Path> fileRootPaths = new ArrayList<>();
    /** File roots by the real path of their directory: only these names in it are reported. */
    private final Map<Path, Set<String>> fileRoots = new HashMap<>();
    /** The directories of file roots, by real path, as the user named them. */
    private final Map<Path, Path> fileParents = new HashMap<>();
    private final Map<Integer, Watch> byWd = new HashMap<>();
    private final Map<Path, Integer> byReal = new HashMap<>();
    private boolean limitWarned;

    /** Watches {@code roots} (files or directories) minus {@code ignores}, the defaults and {@code logDir}. */
    FileWatcher(List<Path> roots, List<String> ignores, Optional<Path> logDir) {
        this(roots, ignores, logDir, DEFAULT_MAX_WATCHES);
    }

    FileWatcher(List<Path> roots, List<String> ignores, Optional<Path> logDir, int maxWatches) {
        this.ignore = WatchIgnore.of(ignores);
        this.logDir = logDir.map(FileWatcher::realish);
        this.maxWatches = maxWatches;
        try {
            this.fd = Inotify.init(cs);
            this.buffer = arena.allocate(Inotify.READ_BUFFER_SIZE, 8);
            roots.forEach(this::addRoot);
            watchAll();
        } catch (RuntimeException | Error e) {
            closeQuietly();
            throw e;
        }
    }

    private void addRoot(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            dirRoots.add(abs);
            return;
        }
        if (abs.getParent() == null || !Files.isDirectory(abs.getParent())) {
            LOG.log(Level.WARNING, "watch: {0} does not exist and neither does its directory; it is not watched", abs);
            return;
        }
        Path parentReal = realish(abs.getParent());
        fileRootPaths.add(abs);
        fileParents.putIfAbsent(parentReal, abs.getParent());
        fileRoots.computeIfAbsent(parentReal, d -> new HashSet<>()).add(abs.getFileName().toString());
    }

    /** The inotify fd (IN_NONBLOCK, IN_CLOEXEC), for the owner's epoll. */
    int fd() {
        return fd.value();
    }

    /** Number of directories currently watched. */
    int watchCount() {
        return byWd.size();
    }

    /**
     * Reads every pending event until EAGAIN, updates the watches and returns the changed paths
     * that are not ignored, each once, in event order. Empty means nothing relevant happened (or
     * nothing was pending, or the watcher is closed).
     */
    List<Path> drain() {
        Set<Path> changed = new LinkedHashSet<>();
        while (fd.isOpen()) {
            long n = Fds.read(cs, fd.value(), buffer, buffer.byteSize());
            if (n <= 0) {
                break;
            }
            for (Event event : Inotify.parse(buffer, n)) {
                handle(event, changed);
            }
        }
        return List.copyOf(changed);
    }

    private void handle(Event event, Set<Path> changed) {
        if (event.has(IN_Q_OVERFLOW)) {
            LOG.log(Level.INFO, "watch: inotify queue overflowed; rescanning {0} and reporting a change", dirRoots);
            changed.addAll(dirRoots);
            changed.addAll(fileRootPaths);
            watchAll();
            return;
        }
        Watch watch = byWd.get(event.wd());
        if (watch == null) {
            return;
        }
        if (event.has(IN_IGNORED)) {
            drop(event.wd(), watch);
            return;
        }
        if (event.name().isEmpty()) {
            if (event.has(IN_DELETE_SELF | IN_MOVE_SELF) && dirRoots.contains(watch.dir())) {
                changed.add(watch.dir());
            }
            return;
        }
        Path path = watch.dir().resolve(event.name());
        Set<String> names = fileRoots.get(watch.real());
        boolean fileRoot = names != null && names.contains(event.name());
        boolean inTree = watch.recursive() && !ignored(watch.real().resolve(event.name()), watch.root().relativize(path));
        if (!fileRoot && !inTree) {
            return;
        }
        if (event.has(CHANGE)) {
            changed.add(path);
        }
        if (inTree && event.has(IN_ISDIR)) {
            if (event.has(IN_MOVED_FROM)) {
                dropTree(path);
            } else if (event.has(IN_CREATE | IN_MOVED_TO)) {
                walk(path, watch.root(), changed, false);
            }
        }
    }

    /**
     * (Re)synchronises the watches with the tree: drops directories that vanished, then walks
     * every root again, re-adding known directories too so that new subdirectories are found.
     */
    private void watchAll() {
        for (Map.Entry<Integer, Watch> e : List.copyOf(byWd.entrySet())) {
            if (!Files.isDirectory(e.getValue().dir())) {
                forget(e.getKey(), e.getValue());
            }
        }
        for (Path root : dirRoots) {
            walk(root, root, null, true);
        }
        for (Path dir : fileParents.values()) {
            add(dir, dir, false);
        }
    }

    /**
     * Watches {@code start} and every directory below it that is not ignored, depth first with
     * an explicit stack. Each directory (by wd, i.e. by inode) is entered once per walk, so a
     * symlink cycle ends; a directory that was already watched before this walk is entered only
     * when {@code rescan}, so a link to an old directory does not re-walk it. With {@code found}
     * non-null, every entry met is reported changed: it appeared before its watch existed.
     */
    private void walk(Path start, Path root, Set<Path> found, boolean rescan) {
        Set<Integer> visited = new HashSet<>();
        Deque<Path> pending = new ArrayDeque<>();
        pending.push(start);
        while (!pending.isEmpty()) {
            Path dir = pending.pop();
            Added added = add(dir, root, true);
            if (added == null || !visited.add(added.wd()) || !(added.fresh() || rescan)) {
                continue;
            }
            Path real = byWd.get(added.wd()).real();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (ignored(real.resolve(entry.getFileName()), root.relativize(entry))) {
                        continue;
                    }
                    if (found != null) {
                        found.add(entry);
                    }
                    if (Files.isDirectory(entry)) {
                        pending.push(entry);
                    }
                }
            } catch (IOException | SecurityException e) {
                LOG.log(Level.DEBUG, "cannot list {0} for watching: {1}", dir, e.toString());
            }
        }
    }

    /** The wd {@link #add} got, and whether the directory was not recursively watched before. */
    private record Added(int wd, boolean fresh) {
    }

    /**
     * Watches {@code dir}. inotify_add_watch on an inode that is already watched returns its
     * existing wd, which tells a second path to one directory (a symlink) from a new one. Returns
     * null when the directory is gone, ignored, unreadable or over the cap.
     */
    private Added add(Path dir, Path root, boolean recursive) {
        Path real = realish(dir);
        if (recursive && logDir.isPresent() && real.startsWith(logDir.get())) {
            return null;
        }
        Integer atPath = byReal.get(real);
        if (atPath == null && byWd.size() >= maxWatches) {
            warnLimit(dir, "velos limit of " + maxWatches + " watched directories");
            return null;
        }
        int wd;
        try {
            wd = Inotify.addWatch(cs, fd, dir.toString(), DIR_MASK);
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOSPC)) {
                warnLimit(dir, "kernel limit fs.inotify.max_user_watches");
            } else if (!e.is(Errno.ENOENT) && !e.is(Errno.ENOTDIR) && !e.is(Errno.EACCES)) {
                LOG.log(Level.WARNING, "cannot watch {0}: {1}", dir, e.getMessage());
            }
            return null;
        }
        if (atPath != null && atPath != wd) {
            // The directory at this path was replaced while events were lost (overflow).
            forget(atPath, byWd.get(atPath));
        }
        Watch known = byWd.get(wd);
        if (known == null || !known.real().equals(real) && !Files.isDirectory(known.dir())) {
            if (known != null) {
                byReal.remove(known.real(), wd);
            }
            byWd.put(wd, new Watch(dir, real, root, recursive));
            byReal.put(real, wd);
            return new Added(wd, true);
        }
        if (recursive && !known.recursive()) {
            byWd.put(wd, new Watch(known.dir(), known.real(), root, true));
            return new Added(wd, true);
        }
        return new Added(wd, false);
    }

    private void warnLimit(Path dir, String limit) {
        if (!limitWarned) {
            limitWarned = true;
            LOG.log(Level.WARNING, "watch: reached the {0} at {1}; directories beyond it are not watched. "
                    + "Exclude generated trees with --watch-ignore.", limit, dir);
        }
    }

    /** A directory left the tree (moved away): its own and its descendants' watches are stale. */
    private void dropTree(Path dir) {
        for (Map.Entry<Integer, Watch> e : List.copyOf(byWd.entrySet())) {
            if (e.getValue().dir().startsWith(dir)) {
                forget(e.getKey(), e.getValue());
            }
        }
    }

    private void forget(int wd, Watch watch) {
        if (watch != null) {
            drop(wd, watch);
        }
        Inotify.rmWatch(cs, fd, wd);
    }

    private void drop(int wd, Watch watch) {
        byWd.remove(wd);
        byReal.remove(watch.real(), wd);
    }

    /** Whether an entry is ignored: under the velos log dir (by real path) or by a glob (relative to its root). */
    private boolean ignored(Path real, Path relative) {
        return logDir.isPresent() && real.startsWith(logDir.get()) || ignore.ignores(relative);
    }

    /**
     * The real path of {@code path}, or, when it does not exist (yet, or any more), the real path
     * of its nearest existing ancestor joined with the rest; never throws.
     */
    static Path realish(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                return existing == abs ? real : real.resolve(existing.relativize(abs));
            } catch (IOException | SecurityException e) {
                existing = existing.getParent();
            }
        }
        return abs;
    }

    /** Closes the inotify fd (which drops every watch) and frees the buffer. Idempotent. */
    @Override
    public void close() {
        if (fd.isOpen()) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (fd != null) {
            fd.close(cs);
        }
        cs.close();
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
