// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.velos.model.AppSpec;
import dev.velos.model.RestartPolicy;
import dev.velos.sys.linux.ProcFs;
import dev.velos.sys.linux.ProcStat;

/** Helpers for tests that look at real processes through /proc. */
final class Procs {
    private Procs() {
    }

    static final RestartPolicy NO_RESTART = RestartPolicy.DEFAULT.withAutorestart(false);

    /** A spec running {@code script} with /bin/sh -c. */
    static AppSpec sh(String name, String script, RestartPolicy policy) {
        return AppSpec.builder(name, "/bin/sh").args(List.of("-c", script)).restart(policy).build();
    }

    /** Live (non-zombie) members of process group {@code pgid}. */
    static List<Integer> liveGroupMembers(int pgid) {
        return ProcFs.allProcesses().stream().filter(s -> s.pgrp() == pgid && !s.isZombie()).map(ProcStat::pid).toList();
    }

    /**
     * The children of this JVM now. Take it when a test starts: an earlier test's app may outlive
     * its closed supervisor (apps outlive their supervisor by design), and when it exits later it
     * stays a zombie nobody here reaps; a test must judge only the zombies of its own children.
     */
    static Set<Integer> children() {
        int self = (int) ProcessHandle.current().pid();
        return ProcFs.allProcesses().stream().filter(s -> s.ppid() == self).map(ProcStat::pid)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Zombie children of this JVM that were not among its {@link #children() children} {@code before}. */
    static List<Integer> zombieChildren(Set<Integer> before) {
        int self = (int) ProcessHandle.current().pid();
        return ProcFs.allProcesses().stream().filter(s -> s.ppid() == self && s.isZombie() && !before.contains(s.pid()))
                .map(ProcStat::pid).toList();
    }

    static int openFdCount() {
        return ProcFs.openFds((int) ProcessHandle.current().pid()).size();
    }

    static Path executable(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
