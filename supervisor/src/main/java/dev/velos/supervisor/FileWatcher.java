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

import dev.velos.supervisor.WatchSet.Watch;
import dev.velos.sys.CallState;
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
    private static final int CHANGE = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE;

    private final Arena arena = Arena.ofShared();
    private final CallState cs = CallState.open();
    private final Fd fd;
    private final MemorySegment buffer;
    private final WatchSet watches;
    private final WatchIgnore ignore;
    private final Optional<Path> logDir;
    private final List<Path> dirRoots = new ArrayList<>();
    private final List<Path> fileRoots = new ArrayList<>();
    /** The directories of file roots by real path, as the user named them, and the names to report in each. */
    private final Map<Path, Path> fileParents = new HashMap<>();
    private final Map<Path, Set<String>> fileNames = new HashMap<>();

    /** Watches {@code roots} (files or directories) minus {@code ignores}, the defaults and {@code logDir}. */
    FileWatcher(List<Path> roots, List<String> ignores, Optional<Path> logDir) {
        this(roots, ignores, logDir, DEFAULT_MAX_WATCHES);
    }

    /** As above with another cap on the number of watched directories. */
    FileWatcher(List<Path> roots, List<String> ignores, Optional<Path> logDir, int maxWatches) {
        this.ignore = WatchIgnore.of(ignores);
        this.logDir = logDir.map(WatchSet::realish);
        try {
            this.fd = Inotify.init(cs);
            this.buffer = arena.allocate(Inotify.READ_BUFFER_SIZE, 8);
            this.watches = new WatchSet(cs, fd, maxWatches);
            roots.forEach(this::addRoot);
            watchAll();
        } catch (RuntimeException | Error e) {
            closeResources();
            throw e;
        }
    }

    private void addRoot(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            dirRoots.add(abs);
        } else if (abs.getParent() != null && Files.isDirectory(abs.getParent())) {
            Path parentReal = WatchSet.realish(abs.getParent());
            fileRoots.add(abs);
            fileParents.putIfAbsent(parentReal, abs.getParent());
            fileNames.computeIfAbsent(parentReal, d -> new HashSet<>()).add(abs.getFileName().toString());
        } else {
            LOG.log(Level.WARNING, "watch: neither {0} nor its directory exists; it is not watched", abs);
        }
    }

    /** The inotify fd (IN_NONBLOCK, IN_CLOEXEC), for the owner's epoll. */
    int fd() {
        return fd.value();
    }

    /** Number of directories currently watched. */
    int watchCount() {
        return watches.size();
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
            LOG.log(Level.INFO, "watch: inotify queue overflowed; reporting a change and rescanning {0}", dirRoots);
            changed.addAll(dirRoots);
            changed.addAll(fileRoots);
            watchAll();
            return;
        }
        Optional<Watch> watch = watches.get(event.wd());
        if (watch.isEmpty()) {
            return;
        }
        if (event.has(IN_IGNORED)) {
            watches.removed(event.wd());
        } else if (event.name().isEmpty()) {
            if (event.has(IN_DELETE_SELF | IN_MOVE_SELF) && dirRoots.contains(watch.get().dir())) {
                changed.add(watch.get().dir());
            }
        } else {
            handleEntry(watch.get(), event, changed);
        }
    }

    /** An event about an entry of a watched directory (the watched file roots, or anything in a tree). */
    private void handleEntry(Watch watch, Event event, Set<Path> changed) {
        Path path = watch.dir().resolve(event.name());
        boolean fileRoot = fileNames.getOrDefault(watch.real(), Set.of()).contains(event.name());
        boolean inTree = watch.recursive() && !ignored(watch, path);
        if ((fileRoot || inTree) && event.has(CHANGE)) {
            changed.add(path);
        }
        if (!inTree || !event.has(IN_ISDIR)) {
            return;
        }
        if (event.has(IN_MOVED_FROM)) {
            watches.forgetTree(path);
        } else if (event.has(IN_CREATE | IN_MOVED_TO)) {
            walk(path, watch.root(), changed, false);
        }
    }

    /**
     * (Re)synchronises the watches with the tree: drops directories that vanished, then walks
     * every root again, re-adding known directories too so that new subdirectories are found.
     */
    private void watchAll() {
        watches.forgetVanished();
        for (Path root : dirRoots) {
            walk(root, root, null, true);
        }
        fileParents.forEach((real, dir) -> watches.add(dir, real, dir, false));
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
            Path real = WatchSet.realish(dir);
            if (underLogDir(real)) {
                continue;
            }
            Optional<WatchSet.Added> added = watches.add(dir, real, root, true);
            if (added.isEmpty() || !visited.add(added.get().wd()) || !(added.get().fresh() || rescan)) {
                continue;
            }
            // A directory met again through another path (rescan) is listed under its first path.
            Watch watch = added.get().watch();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(watch.dir())) {
                for (Path entry : entries) {
                    if (ignored(watch, entry)) {
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
                LOG.log(Level.DEBUG, "watch: cannot list {0}: {1}", dir, e.toString());
            }
        }
    }

    /** Whether {@code path}, an entry of {@code watch}'s directory, is ignored by a glob or the log dir. */
    private boolean ignored(Watch watch, Path path) {
        return ignore.ignores(watch.root().relativize(path)) || underLogDir(watch.real().resolve(path.getFileName()));
    }

    /** Compared by real path, so a log dir reached through a symlink inside the tree is still excluded. */
    private boolean underLogDir(Path real) {
        return logDir.isPresent() && real.startsWith(logDir.get());
    }

    /** Closes the inotify fd (which drops every watch) and frees the buffer. Idempotent. */
    @Override
    public void close() {
        if (fd.isOpen()) {
            closeResources();
        }
    }

    private void closeResources() {
        if (fd != null) {
            fd.close(cs);
        }
        cs.close();
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
