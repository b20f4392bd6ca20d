// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults from outside: the daemon killed with SIGKILL in the middle of changes, the log disk
 * full, the daemon out of file descriptors. Each case checks what the user sees and that nothing
 * is lost or duplicated. {@code -Dvelos.faults.kills=200} runs the kill loop as long as the issue
 * asks (make soak); the default keeps make test fast.
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
class FaultEndToEndTest extends EndToEndTest {
    private static final int KILLS = Integer.getInteger("velos.faults.kills", 12);
    private static final String MARKER = "VELOS_ROBUST_APP";

    private static WireTypes.StartArgs app(String name, String script, int instances) {
        return WireTypes.StartArgs.builder(name, script).args(List.of()).env(Map.of(MARKER, name)).killTimeoutMs(500L)
                .instances(instances).build();
    }

    private static void killNine(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killDashNineDuringChangesNeverTearsStateOrDuplicatesAnApp() throws Exception {
        Path home = velos.home;
        String script = script("svc.sh", "exec sleep 3000").toString();
        Random random = new Random(1);
        int inFlight = 0;
        for (int round = 0; round < KILLS; round++) {
            Process daemon = DaemonProbe.startDaemon(home, "", "--resurrect");
            try (VelosClient client = DaemonProbe.connectWhenUp(home)) {
                if (round == 0) {
                    client.start(app("web", script, 2));
                }
                int kind = round % 4;
                Thread change = Thread.ofVirtual().start(() -> {
                    try (VelosClient c = VelosClient.connect(home.resolve("velos.sock"), Duration.ofSeconds(30))) {
                        switch (kind) {
                            case 0 -> c.start(app("one-" + random.nextInt(4), script, 1));
                            case 1 -> c.scale("web", Integer.toString(1 + random.nextInt(4)));
                            case 2 -> c.restart("all");
                            default -> c.stop("one-" + random.nextInt(4));
                        }
                    } catch (IpcException e) {
                        // Cut off by the kill, or a name that is already running: either is fine here.
                    }
                });
                Thread.sleep(random.nextInt(120));
                inFlight += change.isAlive() ? 1 : 0;
            }
            killNine(daemon.pid());
            daemon.waitFor();
            if (Files.exists(home.resolve("state.bin"))) {
                DaemonProbe.readState(home.resolve("state.bin"));
            }
        }
        Process last = DaemonProbe.startDaemon(home, "", "--resurrect");
        try (VelosClient client = DaemonProbe.connectWhenUp(home)) {
            List<WireTypes.ProcessView> list = client.list();
            assertThat(list).extracting(WireTypes.ProcessView::name).doesNotHaveDuplicates().contains("web:0");
            for (WireTypes.ProcessView v : list) {
                String base = v.name().contains(":") ? v.name().substring(0, v.name().indexOf(':')) : v.name();
                List<Integer> copies = DaemonProbe.processesWithEnv(MARKER, base);
                long members = list.stream().filter(o -> o.name().startsWith(base) && o.pid() > 0).count();
                assertThat(copies).as("processes of %s (%d live entries)", v.name(), members).hasSize((int) members);
            }
            System.out.printf("[robust] kill -9 loop: %d kills (%d with a change in flight), state.bin read back each "
                    + "time, %d apps back once%n", KILLS, inFlight, list.size());
        } finally {
            velos.run("kill");
            last.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullLogDiskIsReportedOnceAndWritingResumes() throws Exception {
        Path logs = velos.logs();
        Files.createDirectories(logs);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", logs.toString())
                .redirectErrorStream(true).start();
        assumeThat(mount.waitFor()).as("mounting a tmpfs (needs root)").isZero();
        try {
            velos.ok("start", script("chat.sh", "i=0; while true; do i=$((i+1)); echo \"line $i\"; sleep 0.005; done")
                    .toString(), "--name", "chat");
            velos.ok("start", script("calm.sh", "exec sleep 3000").toString(), "--name", "calm");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(logs.resolve("chat-out.log")));
            Path filler = logs.resolve("filler");
            fill(filler);
            await().atMost(Duration.ofSeconds(30)).until(() -> velos.list().get("chat").has("log_error"));
            JsonNode chat = velos.list().get("chat");
            assertThat(chat.get("log_error").asText()).contains("No space left on device");
            assertThat(chat.get("status_str").asText()).isEqualTo("running");
            assertThat(velos.list().get("calm").get("status_str").asText()).isEqualTo("running");
            assertThat(velos.ok("info", "chat").out()).contains("Log error:").contains("No space left on device");
            assertThat(velos.ok("list").err()).contains("logs of 'chat' are not being written");
            int pid = chat.get("pid").asInt();

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(30)).until(() -> !velos.list().get("chat").has("log_error"));
            long before = Files.size(logs.resolve("chat-out.log"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.size(logs.resolve("chat-out.log")) > before + 100);
            assertThat(velos.list().get("chat").get("pid").asInt()).as("the app kept running throughout").isEqualTo(pid);
            String daemonLog = Files.readString(velos.home.resolve("daemon.log"));
            assertThat(count(daemonLog, "cannot write the logs of 'chat'")).isLessThanOrEqualTo(1);
            assertThat(count(daemonLog, "writing the logs of 'chat'")).isEqualTo(1);
            for (String line : Files.readAllLines(logs.resolve("chat-out.log"))) {
                assertThat(line).as("every line whole, with its timestamp").matches("\\d{4}-\\d\\d-\\d\\dT.* line \\d+");
            }
        } finally {
            velos.close();
            new ProcessBuilder("umount", "-l", logs.toString()).start().waitFor();
        }
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // No space left on device: exactly what we wanted.
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void outOfFileDescriptorsTheClientGetsAClearErrorAndTheDaemonKeepsServing() throws Exception {
        Path home = velos.home;
        Process daemon = DaemonProbe.startDaemon(home, "ulimit -n 64;");
        try (VelosClient client = DaemonProbe.connectWhenUp(home)) {
            long pid = daemon.pid();
            String script = script("svc.sh", "exec sleep 3000").toString();
            // One app started and deleted first, so what the daemon opens once (and keeps) is in the baseline.
            client.start(app("warm", script, 1));
            client.delete("all");
            Thread.sleep(500);
            int idle = DaemonProbe.sample(pid).fds();
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                try {
                    client.start(app("svc" + i, script, 1));
                } catch (IpcException e) {
                    errors.add(e.getMessage());
                }
            }
            assertThat(errors).as("some starts must hit the limit").isNotEmpty();
            assertThat(errors.getFirst()).contains("EMFILE");
            // More connections than descriptors left: each is served or refused, none hangs, nothing spins.
            List<java.nio.channels.SocketChannel> held = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
                ch.connect(java.net.UnixDomainSocketAddress.of(home.resolve("velos.sock")));
                held.add(ch);
            }
            long cpuBefore = DaemonProbe.sample(pid).cpuTicks();
            Thread.sleep(2000);
            long cpuSpent = DaemonProbe.sample(pid).cpuTicks() - cpuBefore;
            for (var ch : held) {
                ch.close();
            }
            assertThat(cpuSpent).as("CPU ticks spent in 2 s at the fd limit (100 ticks = one core)").isLessThan(50);
            assertThat(client.ping().pid()).isEqualTo(pid);
            client.delete("all");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(DaemonProbe.sample(pid).fds()).as("fds after deleting every app").isLessThanOrEqualTo(idle + 1));
            int cleaned = DaemonProbe.sample(pid).fds();
            client.start(app("after", script, 1));
            System.out.printf("[robust] ulimit -n 64: %d of 30 starts refused (%s); fds idle %d, at the limit 64, after "
                    + "deleting every app %d; cpu at the limit %d ticks/2 s; a start afterwards works%n", errors.size(),
                    errors.getFirst(), idle, cleaned, cpuSpent);
        } finally {
            velos.run("kill");
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void outOfProcessesSpawnFailsWithAClearErrorAndTheDaemonKeepsServingAndStops() throws Exception {
        velos.ok("list");
        long pid = velos.daemonPid().orElseThrow();
        Path cgroup = Path.of("/sys/fs/cgroup/pids/velos-robust-" + pid);
        try {
            Files.createDirectory(cgroup);
        } catch (IOException e) {
            assumeThat(e).as("a pids cgroup (v1, needs root) to limit the daemon's processes").isNull();
        }
        try {
            int tasks = DaemonProbe.sample(pid).threads();
            Files.writeString(cgroup.resolve("pids.max"), Integer.toString(tasks + 2));
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(pid));
            String script = script("svc.sh", "exec sleep 3000").toString();
            List<VelosCli.Result> refused = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                VelosCli.Result r = velos.run("start", script, "--name", "svc" + i);
                if (r.exit() != 0) {
                    refused.add(r);
                }
            }
            assertThat(refused).as("starts past the limit").isNotEmpty();
            assertThat(refused.getFirst().exit()).isEqualTo(1);
            assertThat(refused.getFirst().err()).contains("EAGAIN").contains("out of processes");
            assertThat(velos.ok("ping").out()).contains("pong");
            assertThat(velos.list()).hasSize(5);
            System.out.printf("[robust] pids.max %d: %d of 5 starts refused: %s", tasks + 2, refused.size(),
                    refused.getFirst().err());
            // Still at the limit, the daemon can be stopped: nothing it needs for that is created lazily.
            velos.ok("kill");
            assertThat(ProcessHandle.of(pid)).isEmpty();
        } finally {
            Files.writeString(cgroup.resolve("pids.max"), "max");
            velos.close();
            for (String task : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
                Files.writeString(cgroup.getParent().resolve("cgroup.procs"), task);
            }
            Files.delete(cgroup);
        }
    }
}
