// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.velos.model.ErrorCode;
import dev.velos.model.ResourceLimits;

/**
 * This supervisor's cgroup v2 subtree: one directory per app under {@code <own cgroup>/<name>},
 * where the app's limits are written and from which {@code cgroup.kill} ends every process the
 * app ever started, whatever session or process group it moved to.
 *
 * <p>The subtree is the cgroup this process runs in (from {@code /proc/self/cgroup}, line
 * {@code 0::}) under the cgroup2 mount (from {@code /proc/self/mountinfo}; a hybrid system mounts
 * it at {@code /sys/fs/cgroup/unified}), which must be writable: root, or a service with
 * systemd's {@code Delegate=yes}. A controller can be used only if that cgroup offers it
 * ({@code cgroup.controllers}); on a hybrid system the memory, cpu and pids controllers usually
 * stay with cgroup v1, and an app that asks for a limit is then refused with that reason.
 * Enabling a controller for the subtree fails with EBUSY when the delegated cgroup itself holds
 * processes and is not the root ("no internal processes"); that too is reported, not worked
 * around by moving this process. File work only; called on the spawner thread (creating,
 * limiting) and on the loop (kill, populated, figures — small pseudo-file reads).
 */
final class CgroupTree {
    private static final System.Logger LOG = System.getLogger(CgroupTree.class.getName());

    private final Path base;
    private final Path subtree;

    private CgroupTree(Path base, Path subtree) {
        this.base = base;
        this.subtree = subtree;
    }

    /** Why there is no usable cgroup v2 subtree here, or the subtree {@code name} in this process's cgroup. */
    sealed interface Detection {
    }

    record Available(CgroupTree tree) implements Detection {
    }

    record Unavailable(String reason) implements Detection {
    }

    /** Finds this process's cgroup v2 directory and checks that it is writable. */
    static Detection detect(String name) {
        try {
            Optional<Path> mount = cgroup2Mount(Files.readAllLines(Path.of("/proc/self/mountinfo")));
            if (mount.isEmpty()) {
                return new Unavailable("no cgroup v2 file system is mounted");
            }
            Optional<String> own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                    .filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst();
            if (own.isEmpty()) {
                return new Unavailable("this process is in no cgroup v2 (no 0:: line in /proc/self/cgroup)");
            }
            Path base = mount.get().resolve(own.get().replaceFirst("^/+", "")).normalize();
            if (!Files.isWritable(base) || !Files.isWritable(base.resolve("cgroup.subtree_control"))) {
                return new Unavailable("the cgroup " + base + " is not writable by this process (run as root, or "
                        + "under systemd with Delegate=yes)");
            }
            return new Available(new CgroupTree(base, base.resolve(name)));
        } catch (IOException | RuntimeException e) {
            return new Unavailable("cannot read the cgroup setup: " + e.getMessage());
        }
    }

    /** The mount point of the first cgroup2 file system in {@code mountinfo} lines (field 5; type after " - "). */
    static Optional<Path> cgroup2Mount(List<String> mountinfo) {
        for (String line : mountinfo) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] after = line.substring(dash + 3).split(" ");
            String[] before = line.substring(0, dash).split(" ");
            if (after.length > 0 && after[0].equals("cgroup2") && before.length > 4) {
                return Optional.of(Path.of(before[4].replace("\\040", " ")));
            }
        }
        return Optional.empty();
    }

    Path subtree() {
        return subtree;
    }

    /** The controllers {@code limits} needs (memory, cpu, pids). */
    static Set<String> controllersFor(ResourceLimits limits) {
        Set<String> needed = new LinkedHashSet<>();
        if (limits.memoryMaxBytes() > 0) {
            needed.add("memory");
        }
        if (limits.cpuMaxPercent() > 0) {
            needed.add("cpu");
        }
        if (limits.pidsMax() > 0) {
            needed.add("pids");
        }
        return needed;
    }

    /**
     * Creates (or reuses) {@code app}'s cgroup with {@code limits} written, enabling the controllers
     * it needs on the way; fails with {@code SPAWN_FAILED} saying why a limit cannot be honoured.
     */
    Path prepare(String app, ResourceLimits limits) {
        Set<String> needed = controllersFor(limits);
        try {
            Files.createDirectories(subtree);
            if (!needed.isEmpty()) {
                Set<String> offered = Set.of(read(base.resolve("cgroup.controllers")).trim().split("\\s+"));
                List<String> missing = needed.stream().filter(c -> !offered.contains(c)).toList();
                if (!missing.isEmpty()) {
                    throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + app + "': " + limitNames(missing)
                            + " needs the cgroup v2 " + String.join(" and ", missing) + " controller, which " + base
                            + " does not offer (offered: " + String.join(" ", offered).trim() + "); on a hybrid cgroup system "
                            + "those controllers stay with cgroup v1");
                }
                enable(base, needed, app);
                enable(subtree, needed, app);
            }
            Path dir = subtree.resolve(app);
            Files.createDirectories(dir);
            writeLimit(dir, "memory.max", limits.memoryMaxBytes() > 0 ? Long.toString(limits.memoryMaxBytes()) : "max");
            writeLimit(dir, "cpu.max", limits.cpuMaxPercent() > 0 ? limits.cpuMaxLine() : "max");
            writeLimit(dir, "pids.max", limits.pidsMax() > 0 ? Long.toString(limits.pidsMax()) : "max");
            return dir;
        } catch (IOException e) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + app + "': cannot set up its cgroup under "
                    + subtree + ": " + e.getMessage(), e);
        }
    }

    /** The settings that need {@code controllers}: {@code memory_max and cpu_max}. */
    static String limitNames(List<String> controllers) {
        return String.join(" and ", controllers.stream().map(c -> switch (c) {
            case "memory" -> "memory_max";
            case "cpu" -> "cpu_max";
            default -> "pids_max";
        }).toList());
    }

    private static void enable(Path cgroup, Set<String> controllers, String app) throws IOException {
        String enabled = read(cgroup.resolve("cgroup.subtree_control"));
        for (String controller : controllers) {
            if (!(" " + enabled + " ").contains(" " + controller + " ")) {
                try {
                    Files.writeString(cgroup.resolve("cgroup.subtree_control"), "+" + controller);
                } catch (IOException e) {
                    throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + app + "': cannot enable the "
                            + controller + " controller in " + cgroup + " (" + e.getMessage() + "); a delegated cgroup must "
                            + "hold no processes itself to hand controllers down", e);
                }
            }
        }
    }

    /** Writes a limit file; an absent file is fine when the value is "max" (the controller is simply not enabled). */
    private static void writeLimit(Path dir, String file, String value) throws IOException {
        Path path = dir.resolve(file);
        if (Files.exists(path)) {
            Files.writeString(path, value);
        } else if (!value.equals("max")) {
            throw new IOException(file + " does not exist in " + dir);
        }
    }

    /** SIGKILLs every process in {@code dir} at once ({@code cgroup.kill}, Linux 5.14+); true when it was written. */
    static boolean kill(Path dir) {
        try {
            Files.writeString(dir.resolve("cgroup.kill"), "1");
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot kill the cgroup {0}: {1}", dir, e.getMessage());
            return false;
        }
    }

    /** Whether any process is left in {@code dir} ({@code cgroup.events}: populated 1). */
    static boolean populated(Path dir) {
        return field(dir.resolve("cgroup.events"), "populated").orElse(0) != 0;
    }

    /** CPU time of everything in {@code dir}, in microseconds ({@code cpu.stat} usage_usec, present without the cpu controller). */
    static OptionalLong cpuMicros(Path dir) {
        return field(dir.resolve("cpu.stat"), "usage_usec");
    }

    /** Memory charged to {@code dir} ({@code memory.current}); empty without the memory controller. */
    static OptionalLong memoryBytes(Path dir) {
        try {
            return OptionalLong.of(Long.parseLong(read(dir.resolve("memory.current")).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Processes the kernel OOM-killed in {@code dir} ({@code memory.events} oom_kill); 0 without the memory controller. */
    static long oomKills(Path dir) {
        return field(dir.resolve("memory.events"), "oom_kill").orElse(0);
    }

    /** Removes an app's (empty) cgroup; a cgroup still populated stays, and that is logged. */
    static void remove(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove the cgroup {0}: {1}", dir, e.getMessage());
        }
    }

    /** Removes the subtree itself once every app's cgroup is gone (the supervisor is closing). */
    void removeSubtree() {
        try (var children = Files.list(subtree)) {
            List<Path> dirs = new ArrayList<>(children.filter(Files::isDirectory).toList());
            dirs.forEach(CgroupTree::remove);
        } catch (IOException e) {
            // No subtree was ever made.
        }
        remove(subtree);
    }

    private static OptionalLong field(Path file, String key) {
        try {
            for (String line : read(file).split("\n")) {
                if (line.startsWith(key + " ")) {
                    return OptionalLong.of(Long.parseLong(line.substring(key.length() + 1).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Absent (no controller, or the cgroup is gone): no figure.
        }
        return OptionalLong.empty();
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    }
}
