// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.ipc.Commands;
import dev.velos.ipc.FrameCodec;
import dev.velos.ipc.Messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14.8: thousands of apps run within the daemon's default heap (-Xmx64m from bin/velos):
 * 2,000 in every run, 10,000 in {@code make soak} (README "Files": the heap that needs).
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
class ManyAppsEndToEndTest extends EndToEndTest {
    private static final long MiB = 1024 * 1024;

    private void runApps(int count, Map<String, String> daemonEnv, List<String> wrapper) throws Exception {
        Path sleeper = script("sleeper.sh", "exec sleep 100000");
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < count; i++) {
            config.append("[apps.s").append(i).append("]\nscript = \"").append(sleeper).append("\"\n");
        }
        Path file = apps.resolve("many.toml");
        Files.writeString(file, config);
        try (ForegroundDaemon daemon = ForegroundDaemon.start(velos, daemonEnv, wrapper)) {
            boolean shutDown = false;
            try {
                runAppsOn(daemon, count, file);
                shutDown = true;
            } finally {
                if (!shutDown && !daemon.isAlive()) {
                    // A daemon that died (out of memory) leaves its apps running: the next one ends them.
                    try (ForegroundDaemon sweeper = ForegroundDaemon.start(velos, Map.of())) {
                        velos.run(Duration.ofSeconds(120), "kill");
                        sweeper.awaitExit(Duration.ofSeconds(120));
                    }
                }
            }
        }
    }

    /** Starts {@code count} apps from {@code file} on {@code daemon}, measures it, and shuts it down with them. */
    private void runAppsOn(ForegroundDaemon daemon, int count, Path file) throws Exception {
        assertThat(daemon.isAlive()).as(daemon.stderr()).isTrue();
        VelosCli.Result r = velos.run(Duration.ofSeconds(600), "start", "--config", file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                velos.list().values().stream().filter(n -> n.get("status_str").asText().equals("running")).count() == count);
        long live = DaemonHeap.liveAfterGc(daemon.pid());
        int listBytes = listAnswerBytes();
        System.out.printf("%d apps: daemon live heap after GC %.1f MiB, 'list' answer %.2f MiB%n", count,
                live / (double) MiB, listBytes / (double) MiB);
        assertThat(daemon.isAlive()).as(daemon.stderr()).isTrue();
        assertThat(listBytes).isLessThan(FrameCodec.MAX_BODY);
        velos.run(Duration.ofSeconds(300), "kill");
        assertThat(daemon.awaitExit(Duration.ofSeconds(300))).isZero();
    }

    /** The size of the daemon's answer to {@code list}, as it goes over the socket. */
    private int listAnswerBytes() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(velos.socket()));
            FrameCodec.write(ch, Messages.request(1, Commands.LIST, Map.of()));
            return FrameCodec.read(ch).orElseThrow().length;
        }
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void twoThousandAppsRunWithinTheDefaultHeap() throws Exception {
        runApps(2000, Map.of(), List.of());
    }

    @Test
    @Tag("soak")
    @Timeout(value = 1800, unit = TimeUnit.SECONDS)
    void tenThousandAppsRunWithTheHeapTheReadmeStates() throws Exception {
        // Three descriptors per app (pidfd, two pipes) and up to 4,096 log files: more than many machines allow.
        long needed = 3L * 10_000 + 4096 + 256;
        long hard = hardOpenFileLimit();
        Assumptions.assumeTrue(hard >= needed, "10,000 apps need about " + needed + " open files; this machine's hard"
                + " limit is " + hard + " (raise it, e.g. LimitNOFILE= in the unit, to run this)");
        runApps(10_000, Map.of("JAVA_TOOL_OPTIONS", "-Xmx160m"), List.of("prlimit", "--nofile=" + needed + ":" + hard));
    }

    /** RLIMIT_NOFILE's hard limit of this process (the daemon inherits it). */
    private static long hardOpenFileLimit() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] parts = line.trim().split("\\s+");
                return parts[4].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[4]);
            }
        }
        return 0;
    }
}
