// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link ProcessLauncher} needs to start one child.
 *
 * @param executable absolute path of the program (already resolved against the child's PATH)
 * @param argv       argument vector, argv[0] first
 * @param env        the child's complete environment as {@code KEY=VALUE} strings
 * @param cwd        existing directory the child starts in
 * @param extraFds   fds to hand to the child: key = the fd number the child sees (3, 4, ... without
 *                   gaps), value = the parent's fd; the parent keeps ownership of its fd
 */
public record SpawnRequest(String executable, List<String> argv, List<String> env, String cwd, Map<Integer, Fd> extraFds) {
    public SpawnRequest {
        if (!executable.startsWith("/")) {
            throw new IllegalArgumentException("executable must be an absolute path: " + executable);
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must hold at least argv[0]");
        }
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        extraFds = new TreeMap<>(extraFds);
        int next = 3;
        for (int target : extraFds.keySet()) {
            if (target < 3) {
                throw new IllegalArgumentException("fds 0-2 are stdin/stdout/stderr; extra fd target " + target);
            }
            // The child's fds are closed only from the highest target up (addclosefrom_np); a
            // parent fd at a number in a gap below it would be inherited.
            if (target != next++) {
                throw new IllegalArgumentException("extra fd targets must be 3, 4, ... without gaps: " + extraFds.keySet());
            }
        }
        extraFds = Map.copyOf(extraFds);
    }

    public SpawnRequest(String executable, List<String> argv, List<String> env, String cwd) {
        this(executable, argv, env, cwd, Map.of());
    }
}
