// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import dev.velos.ipc.ProcessCodecs;
import dev.velos.ipc.WireCodec;
import dev.velos.ipc.WireReader;
import dev.velos.ipc.WireWriter;
import dev.velos.ipc.WireTypes;

/**
 * The two saved process lists, MessagePack, {@code 0600}: {@code state.bin} (the live list,
 * rewritten after every change and restored by {@code velos daemon --resurrect}) and
 * {@code dump.bin} (the explicit {@code velos save} snapshot). Writes are atomic — temp file,
 * fsync, rename, fsync of the directory — so a crash at any moment leaves either the old or the
 * new file, never a torn one. Public for the benchmarks ({@code StateSaveBenchmark}) and for tools
 * that read the saved list; the daemon is its only writer.
 */
public final class StateStore {
    static final int FORMAT_VERSION = 1;

    /**
     * One saved app: its start arguments, whether it should run after a restore, and the pid and
     * start time of the process running when saved (0 if none), to find leftovers of a dead daemon.
     */
    public record SavedApp(WireTypes.StartArgs spec, boolean running, int pid, long startTicks) {
    }

    /**
     * The whole file. {@code bootId} is the kernel's boot id when it was saved ("" in files older
     * than it): after a daemon crash, the next daemon adopts the saved apps' survivors only when
     * the machine has not rebooted since (no process survives a reboot, and pids are reused).
     */
    public record StateFile(int version, long savedAtMs, List<SavedApp> apps, String bootId) {
        public StateFile(int version, long savedAtMs, List<SavedApp> apps) {
            this(version, savedAtMs, apps, "");
        }
    }

    // Keys as velos 0.1.0 wrote them (its files must keep loading: see the state-v1 test fixtures).
    private static final WireCodec<SavedApp> SAVED_APP = WireCodec.record("saved app",
            (w, a) -> w
                    .with("spec", a.spec(), ProcessCodecs.START_ARGS)
                    .bool("running", a.running())
                    .i64("pid", a.pid())
                    .i64("start_ticks", a.startTicks()),
            f -> new SavedApp(
                    f.required("spec", ProcessCodecs.START_ARGS),
                    f.bool("running"),
                    f.i32("pid"),
                    f.i64("start_ticks")));

    private static final WireCodec<StateFile> STATE_FILE = WireCodec.record("state file",
            (w, s) -> w
                    .i64("version", s.version())
                    .i64("saved_at_ms", s.savedAtMs())
                    .with("apps", s.apps(), WireCodec.listOf(SAVED_APP, "apps"))
                    .optional("boot_id", s.bootId().isEmpty() ? null : s.bootId()),
            f -> new StateFile(
                    f.i32("version"),
                    f.i64("saved_at_ms"),
                    f.requiredList("apps", SAVED_APP),
                    f.str("boot_id")));

    private final Path statePath;
    private final Path dumpPath;
    private final ReentrantLock lock = new ReentrantLock();
    /** Saves of state.bin so far (for the halt-before-rename test hook). */
    private int stateSaves;

    public StateStore(Path home) {
        this.statePath = home.resolve("state.bin");
        this.dumpPath = home.resolve("dump.bin");
    }

    Path statePath() {
        return statePath;
    }

    Path dumpPath() {
        return dumpPath;
    }

    public void saveState(List<SavedApp> apps) {
        write(statePath, apps);
    }

    /**
     * Moves an unreadable {@code state.bin} aside to {@code state.bin.corrupt-<time>} (kept for
     * whoever wants to look at it) so the daemon can start; returns where it went.
     */
    Path moveStateAside() {
        Path aside = statePath.resolveSibling(statePath.getFileName() + ".corrupt-"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .format(java.time.LocalDateTime.now()));
        try {
            Files.move(statePath, aside, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(statePath.getParent());
            return aside;
        } catch (IOException e) {
            throw new DaemonException("cannot move the unreadable " + statePath + " aside: " + e.getMessage(), e);
        }
    }

    void saveDump(List<SavedApp> apps) {
        write(dumpPath, apps);
    }

    public Optional<StateFile> loadState() {
        return read(statePath);
    }

    Optional<StateFile> loadDump() {
        return read(dumpPath);
    }

    private void write(Path target, List<SavedApp> apps) {
        lock.lock();
        try {
            WireWriter out = new WireWriter();
            STATE_FILE.write(out, new StateFile(FORMAT_VERSION, System.currentTimeMillis(), apps, BootId.current()));
            byte[] bytes = out.toBytes();
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            if (target.equals(statePath) && ++stateSaves == TestHooks.current().haltBeforeRename()) {
                Runtime.getRuntime().halt(137); // test hook: as a kill -9 between the fsync and the rename
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the runtime directory does not support atomic rename", e);
            }
            syncDirectory(target.getParent());
        } catch (IOException e) {
            throw new DaemonException("cannot save " + target + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic.
        }
    }

    private Optional<StateFile> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(WireReader.checked(Files.readAllBytes(file)).read(STATE_FILE));
        } catch (IOException | RuntimeException e) {
            throw new DaemonException("cannot read " + file + " (" + e.getMessage() + "); move it away to start with an "
                    + "empty list", e);
        }
    }
}
