// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the kernel says a running app is: its argv, environment and working directory from
 * {@code /proc}, so the config tests check the processes velos started, not just its parse.
 */
final class RunningProcesses {
    private RunningProcesses() {
    }

    /** The argv of {@code pid}. */
    static List<String> argv(long pid) {
        return split(read(pid, "cmdline"));
    }

    /** The environment of {@code pid}. */
    static Map<String, String> env(long pid) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : split(read(pid, "environ"))) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return env;
    }

    /** The working directory of {@code pid}. */
    static Path cwd(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd"));
        } catch (IOException e) {
            throw new AssertionError("cannot read the cwd of " + pid, e);
        }
    }

    /**
     * Each running entry of {@code velos list --json} by name → its argv, the values of {@code vars}
     * in its environment, and its cwd: what "the same running set" means for two ways of starting it.
     */
    static Map<String, String> describe(VelosCli velos, List<String> vars) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode n : velos.ok("list", "--json").json()) {
            long pid = n.get("pid").asLong();
            Map<String, String> env = env(pid);
            StringBuilder sb = new StringBuilder().append(argv(pid)).append(" cwd=").append(cwd(pid));
            vars.forEach(v -> sb.append(' ').append(v).append('=').append(env.get(v)));
            out.put(n.get("name").asText(), sb.toString());
        }
        return out;
    }

    /** The pid of each entry, by name. */
    static Map<String, Long> pids(VelosCli velos) {
        Map<String, Long> out = new TreeMap<>();
        velos.list().forEach((name, n) -> out.put(name, n.get("pid").asLong()));
        return out;
    }

    private static String read(long pid, String file) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), file)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read /proc/" + pid + "/" + file, e);
        }
    }

    private static List<String> split(String nulSeparated) {
        return Arrays.stream(nulSeparated.split("\0")).filter(s -> !s.isEmpty()).toList();
    }
}
