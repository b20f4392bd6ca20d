// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.velos.ipc.WireReader;
import dev.velos.ipc.VelosClient;
import dev.velos.sys.linux.ProcFs;

import static org.awaitility.Awaitility.await;

/**
 * What the fault, load and soak suites measure of a daemon from outside: open descriptors,
 * threads, RSS and CPU time from {@code /proc}, the saved state file decoded as written, and the
 * live processes that carry a given environment marker (to count copies of one app).
 */
final class DaemonProbe {
    private DaemonProbe() {
    }

    /** One reading of a process. */
    record Sample(int fds, int threads, long rssBytes, long cpuTicks) {
        @Override
        public String toString() {
            return "fds=" + fds + " threads=" + threads + " rss=" + rssBytes / 1024 + "KiB cpuTicks=" + cpuTicks;
        }
    }

    static Sample sample(long pid) {
        int p = (int) pid;
        return new Sample(ProcFs.openFds(p).size(), threads(p), ProcFs.rssBytes(p).orElse(0L), ProcFs.cpuTicks(p).orElse(0L));
    }

    private static int threads(int pid) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return (int) tasks.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The daemon's own view of its heap ({@code jcmd <pid> GC.heap_info}), to tell heap growth from a leak. */
    static String heapInfo(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.lines().filter(l -> l.contains("total") || l.contains("Metaspace")).map(String::strip)
                    .collect(java.util.stream.Collectors.joining("; "));
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** state.bin decoded; fails the test if it is torn (not one complete MessagePack document with an app list). */
    static JsonNode readState(Path file) throws IOException {
        JsonNode node = new ObjectMapper().valueToTree(WireReader.checked(Files.readAllBytes(file)).value());
        if (node == null || !node.path("apps").isArray()) {
            throw new AssertionError(file + " holds no app list: " + node);
        }
        return node;
    }

    /** Live (non-zombie) processes whose initial environment contains {@code KEY=VALUE}. */
    static List<Integer> processesWithEnv(String key, String value) {
        byte[] wanted = (key + "=" + value).getBytes();
        List<Integer> found = new ArrayList<>();
        for (var stat : ProcFs.allProcesses()) {
            if (stat.isZombie()) {
                continue;
            }
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc/" + stat.pid() + "/environ"));
                if (containsEntry(environ, wanted)) {
                    found.add(stat.pid());
                }
            } catch (IOException e) {
                // Gone meanwhile, or not ours to read.
            }
        }
        return found;
    }

    private static boolean containsEntry(byte[] environ, byte[] entry) {
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == entry.length && java.util.Arrays.equals(environ, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** Starts {@code bin/velos daemon} in the background for {@code home}, with {@code shellPrefix} (e.g. a ulimit) before it. */
    static Process startDaemon(Path home, String shellPrefix, String... extraArgs) throws IOException {
        String command = shellPrefix + " exec \"$0\" daemon \"$@\"";
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", command, VelosCli.LAUNCHER.toString()));
        argv.addAll(List.of(extraArgs));
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(VelosCli.REPO.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("daemon-test.log").toFile()));
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().putAll(Map.of("VELOS_HOME", home.toString(), "NO_COLOR", "1"));
        return pb.start();
    }

    /** A client of the daemon at {@code home}, once it answers a ping (waits up to a minute). */
    static VelosClient connectWhenUp(Path home) {
        Path socket = home.resolve("velos.sock");
        VelosClient[] client = new VelosClient[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            VelosClient c = VelosClient.connect(socket, Duration.ofSeconds(30));
            c.ping();
            client[0] = c;
            return true;
        });
        return client[0];
    }

    static Optional<Long> pidOf(Path home) {
        try {
            return Optional.of(Long.parseLong(Files.readString(home.resolve("velos.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** p-th percentile (0-100) of {@code sortedNanos}, in milliseconds. */
    static double percentileMillis(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }
}
